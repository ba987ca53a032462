/**
 * Contracts shared by every stage: schemas and column names, rule tables and their loaders, the
 * data-quality rule engine, the error factory, and the SparkSession factory. Nothing here depends
 * on the {@code jobs} module.
 */
package org.mssp.common;
