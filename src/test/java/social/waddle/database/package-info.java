/**
 * Tests of the plugin's database scripts ({@code src/main/database}) and the helpers they share: how Openfire
 * splits a script into statements ({@link social.waddle.database.DatabaseScripts}), what an install script
 * declares, read from its DDL ({@link social.waddle.database.Ddl}), what a live database reports
 * ({@link social.waddle.database.SchemaSnapshot}), and replaying install + upgrades
 * ({@link social.waddle.database.SchemaUpgrades}).
 *
 * <p>Test code only. May depend on the JDK (JDBC, XML), AssertJ and JUnit 5, and on the test beds in
 * {@code social.waddle.testbed}; never on Openfire or on the plugin's production classes.
 */
package social.waddle.database;
