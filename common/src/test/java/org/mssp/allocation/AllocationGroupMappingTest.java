package org.mssp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mssp.common.error.PipelineException;

class AllocationGroupMappingTest {

  @Test
  void packagedMappingPutsEdRadiologyAnesthesiaAndHospitalistsInNonAttributed() {
    GroupMapping m = GroupMapping.load();
    assertThat(m.version()).isEqualTo("allocation-groups-2026.11.1");
    assertThat(m.groupOf("93")).isEqualTo(ProviderGroup.NON_ATTRIBUTED);
    assertThat(m.groupOf("30")).isEqualTo(ProviderGroup.NON_ATTRIBUTED);
    assertThat(m.groupOf("05")).isEqualTo(ProviderGroup.NON_ATTRIBUTED);
    assertThat(m.groupOf("C6")).isEqualTo(ProviderGroup.NON_ATTRIBUTED);
    assertThat(m.groupOf("08")).isEqualTo(ProviderGroup.PCP);
    assertThat(m.groupOf("97")).isEqualTo(ProviderGroup.PCP);
    assertThat(m.groupOf("A0")).isEqualTo(ProviderGroup.HOSPITAL_FACILITY);
  }

  @Test
  void unlistedSpecialtyFallsToTheStarRowGroup() {
    assertThat(GroupMapping.load().groupOf("06")).isEqualTo(ProviderGroup.SPECIALIST);
  }

  @Test
  void unlistedSpecialtyWithoutStarRowFailsNamingTheCode() {
    GroupMapping m = new GroupMapping("v", Map.of("08", ProviderGroup.PCP), null);
    assertThatThrownBy(() -> m.groupOf("06"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot load rule table 'specialty_groups': specialty_code 06 has no group and there is no '*' row");
  }
}
