/**
 * A real, throw-away PostgreSQL server for integration tests: {@link social.waddle.testbed.postgres.PostgresServer}
 * runs the newest installed PostgreSQL (Debian package {@code postgresql}) on 127.0.0.1 from a temporary data
 * directory under {@code target/}, and {@link social.waddle.testbed.postgres.PostgresExtension} hands one server
 * per JVM to tests, each of which asks it for its own fresh database.
 *
 * <p>Test code only. May depend on the JDK, JDBC (the PostgreSQL driver on the test class path), SLF4J and JUnit 5;
 * never on Openfire or on the plugin's production classes, so any test can use it.
 */
package social.waddle.testbed.postgres;
