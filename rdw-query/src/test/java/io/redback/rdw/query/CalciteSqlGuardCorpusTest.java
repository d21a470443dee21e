package io.redback.rdw.query;

import io.redback.rdw.QueryCheck;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.SqlGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A large corpus of statements in Dremio's documented syntax: the read-only queries a team runs, including the
 * tricky ones, and every kind of statement that writes or changes state, which must be refused and named.
 */
class CalciteSqlGuardCorpusTest {

    private final SqlGuard guard = new CalciteSqlGuard();

    static Stream<Arguments> allowed() {
        return Stream.of(
                // plain queries
                arguments("SELECT * FROM Samples.\"samples.dremio.com\".\"NYC-taxi-trips\" LIMIT 10", "SELECT"),
                arguments("SELECT passenger_count, AVG(fare_amount) FROM s.trips GROUP BY passenger_count "
                        + "ORDER BY 2 DESC", "SELECT"),
                arguments("select distinct a from s.t", "SELECT"),
                arguments("SELECT ALL a FROM s.t", "SELECT"),
                arguments("SELECT 1", "SELECT"),
                arguments("SELECT CURRENT_DATE, CURRENT_TIMESTAMP, NOW()", "SELECT"),
                arguments("SELECT * FROM s.t WHERE ts > TIMESTAMP '2024-01-01 00:00:00'", "SELECT"),
                arguments("SELECT a FROM s.t WHERE b BETWEEN 1 AND 10 AND c LIKE '%x%' AND d IN (1, 2)", "SELECT"),
                arguments("SELECT * FROM s.t WHERE a IS NULL OR b IS NOT NULL", "SELECT"),
                arguments("SELECT * FROM s.t WHERE a IS NOT DISTINCT FROM b", "SELECT"),
                arguments("SELECT COALESCE(a, 0), NULLIF(b, 0) FROM s.t", "SELECT"),
                arguments("SELECT TRIM(BOTH ' ' FROM a), SUBSTRING(a FROM 2 FOR 3), POSITION('x' IN a) FROM s.t",
                        "SELECT"),
                arguments("SELECT DATE_TRUNC('month', ts), TO_DATE(s, 'YYYY-MM-DD') FROM s.t", "SELECT"),
                arguments("SELECT CONVERT_FROM(j, 'JSON'), FLATTEN(arr), REGEXP_LIKE(a, '^x') FROM s.t", "SELECT"),
                arguments("SELECT ARRAY[1, 2, 3], a[1], m['k'] FROM s.t", "SELECT"),
                arguments("SELECT COUNT(DISTINCT a), COUNT(*) FILTER (WHERE b > 0) FROM s.t", "SELECT"),
                // tricky words, literals and comments
                arguments("SELECT comment, \"comment\" FROM s.t", "SELECT"),
                arguments("SELECT \"set\", \"SET\", \"select\", \"drop\" FROM s.t", "SELECT"),
                arguments("SELECT \"select\".\"from\" FROM s.\"select\"", "SELECT"),
                arguments("SELECT a AS \"delete\", b AS \"insert\", c AS \"grant\" FROM s.t", "SELECT"),
                arguments("SELECT REPLACE(name, 'a', 'b') FROM s.t", "SELECT"),
                arguments("SELECT 'x; DROP TABLE x' FROM s.t", "SELECT"),
                arguments("SELECT * FROM s.t WHERE a = 'x''; DROP TABLE t; --'", "SELECT"),
                arguments("SELECT 'DELETE FROM t; GRANT ALL ON SYSTEM TO USER u' AS s", "SELECT"),
                arguments("SELECT 1 -- ; DROP TABLE t", "SELECT"),
                arguments("SELECT 1 /* ; DROP TABLE t */", "SELECT"),
                arguments("/* outer /* not nested */ SELECT 1", "SELECT"),
                arguments("/* DELETE FROM t; */\n-- DROP TABLE t\nSELECT * FROM s.t", "SELECT"),
                arguments("SELECT 1 // a comment too", "SELECT"),
                arguments("SELECT 'naïve', 'café' AS \"Größe\" FROM \"数据\".\"表\"", "SELECT"),
                arguments("SELECT '\uD83D\uDE00' AS emoji FROM s.t", "SELECT"),
                arguments("SELECT 'AT BRANCH x' FROM s.t", "SELECT"),
                arguments("SELECT \"AT\", \"BRANCH\" FROM s.t", "SELECT"),
                arguments("SELECT a FROM s.t WHERE a LIKE '%AT SNAPSHOT%'", "SELECT"),
                arguments("SELECT 'external_query(1)' AS external_query FROM s.t", "SELECT"),
                arguments("SELECT * FROM s.t;", "SELECT"),
                arguments("SELECT * FROM s.t ;  -- done\n", "SELECT"),
                arguments("SELECT 1;;", "SELECT"),
                // windows, CASE, CAST, comparisons
                arguments("SELECT a, ROW_NUMBER() OVER (PARTITION BY b ORDER BY c) AS rn FROM s.t", "SELECT"),
                arguments("SELECT a, RANK() OVER w, LAG(a) OVER w FROM s.t WINDOW w AS (ORDER BY a)", "SELECT"),
                arguments("SELECT SUM(a) OVER (ORDER BY d ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM s.t",
                        "SELECT"),
                arguments("SELECT * FROM s.t QUALIFY ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) = 1", "SELECT"),
                arguments("SELECT CASE WHEN a > 1 THEN 'big' WHEN a = 1 THEN 'one' ELSE 'small' END FROM s.t",
                        "SELECT"),
                arguments("SELECT CASE a WHEN 1 THEN 'x' END FROM s.t", "SELECT"),
                arguments("SELECT CAST(a AS VARCHAR), CAST(b AS DECIMAL(10, 2)), CAST(c AS TIMESTAMP) FROM s.t",
                        "SELECT"),
                arguments("SELECT * FROM s.t WHERE a != b AND c <> d AND e >= f", "SELECT"),
                // LIMIT, OFFSET, FETCH
                arguments("SELECT * FROM s.t ORDER BY a DESC LIMIT 10 OFFSET 5", "SELECT"),
                arguments("SELECT * FROM s.t ORDER BY a NULLS FIRST OFFSET 10 ROWS FETCH FIRST 5 ROWS ONLY",
                        "SELECT"),
                arguments("SELECT * FROM s.t FETCH NEXT 3 ROWS ONLY", "SELECT"),
                // set operations and VALUES
                arguments("SELECT a FROM s.t UNION ALL SELECT a FROM s.u", "UNION"),
                arguments("SELECT a FROM s.t UNION SELECT a FROM s.u ORDER BY 1 LIMIT 3", "UNION"),
                arguments("(SELECT 1) UNION (SELECT 2)", "UNION"),
                arguments("SELECT a FROM s.t INTERSECT SELECT a FROM s.u", "INTERSECT"),
                arguments("SELECT a FROM s.t EXCEPT SELECT a FROM s.u", "EXCEPT"),
                arguments("VALUES (1, 'a'), (2, 'b')", "VALUES"),
                arguments("VALUES 1, 2, 3", "VALUES"),
                arguments("SELECT * FROM (VALUES (1, 'a')) AS v (id, name)", "SELECT"),
                arguments("SELECT x FROM s.t WHERE y IN (VALUES 1, 2)", "SELECT"),
                // CTEs
                arguments("WITH c AS (SELECT a FROM s.t) SELECT * FROM c", "WITH"),
                arguments("WITH c AS (SELECT 1 AS x), d AS (SELECT x FROM c) SELECT * FROM d ORDER BY x", "WITH"),
                arguments("WITH c AS (WITH d AS (SELECT 1 AS x) SELECT * FROM d) SELECT * FROM c", "WITH"),
                arguments("SELECT * FROM (WITH c AS (SELECT 1 AS x) SELECT x FROM c) q", "SELECT"),
                // subqueries everywhere, joins, LATERAL
                arguments("SELECT * FROM s.t WHERE id IN (SELECT id FROM s.u WHERE EXISTS (SELECT 1 FROM s.v))",
                        "SELECT"),
                arguments("SELECT (SELECT MAX(v) FROM s.limits) AS lim, a FROM s.t", "SELECT"),
                arguments("SELECT * FROM (SELECT a, b FROM s.t) AS q WHERE q.a > 1", "SELECT"),
                arguments("SELECT b, COUNT(*) FROM s.t GROUP BY b HAVING COUNT(*) > (SELECT COUNT(*) FROM s.m)",
                        "SELECT"),
                arguments("SELECT * FROM s.t WHERE a > ALL (SELECT b FROM s.u)", "SELECT"),
                arguments("SELECT * FROM s.t t1 INNER JOIN s.u t2 ON t1.id = t2.id FULL OUTER JOIN s.v ON TRUE "
                        + "RIGHT JOIN s.w USING (id)", "SELECT"),
                arguments("SELECT * FROM s.t, LATERAL (SELECT * FROM s.u WHERE s.u.id = s.t.id)", "SELECT"),
                arguments("SELECT * FROM s.t CROSS JOIN LATERAL (SELECT * FROM s.u WHERE u.a = t.a) l", "SELECT"),
                arguments("SELECT * FROM s.t CROSS JOIN UNNEST(t.arr) WITH ORDINALITY AS u (x, i)", "SELECT"),
                arguments("SELECT x FROM s.t GROUP BY ROLLUP (a, b)", "SELECT"),
                arguments("SELECT a, b, SUM(c) FROM s.t GROUP BY GROUPING SETS ((a), (b), ())", "SELECT"),
                arguments("SELECT * FROM s.t PIVOT (SUM(v) FOR k IN ('a' AS a, 'b' AS b))", "SELECT"),
                arguments("SELECT * FROM s.t UNPIVOT (v FOR k IN (a, b))", "SELECT"),
                // explicit tables
                arguments("TABLE s.t", "TABLE"),
                arguments("TABLE t", "TABLE"),
                arguments("SELECT * FROM s.a UNION TABLE s.b", "UNION"),
                arguments("WITH c AS (SELECT 1 AS x) TABLE c", "WITH"),
                // system tables (open policy)
                arguments("SELECT * FROM sys.jobs", "SELECT"),
                arguments("SELECT * FROM sys.reflections WHERE status = 'FAILED'", "SELECT"),
                arguments("SELECT * FROM INFORMATION_SCHEMA.\"TABLES\"", "SELECT"),
                arguments("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.\"COLUMNS\" WHERE TABLE_NAME = 't'", "SELECT"),
                // Dremio time travel
                arguments("SELECT * FROM s.t AT BRANCH main", "SELECT"),
                arguments("select * from s.t at branch main", "SELECT"),
                arguments("SELECT * FROM s.t AT BRANCH \"feature-1\" WHERE a = 1", "SELECT"),
                arguments("SELECT * FROM s.t AT TAG v1", "SELECT"),
                arguments("SELECT * FROM s.t AT COMMIT "
                        + "\"a27940cda26712fabcfcf31f4db595e2c5381b549a49675709641a7724503df3\"", "SELECT"),
                arguments("SELECT * FROM s.t AT REF \"v1.0\"", "SELECT"),
                arguments("SELECT * FROM s.t AT REFERENCE main", "SELECT"),
                arguments("SELECT * FROM s.t AT SNAPSHOT '4593468819579153853'", "SELECT"),
                arguments("SELECT * FROM s.t AT TIMESTAMP '2024-01-01 00:00:00'", "SELECT"),
                arguments("SELECT * FROM s.t AT TIMESTAMP '2022-01-01 17:30:50.000' AS x WHERE x.a > 0", "SELECT"),
                arguments("SELECT * FROM s.t AT BRANCH main AS OF '2024-01-01 00:00:00'", "SELECT"),
                arguments("SELECT * FROM s.t AT SNAPSHOT '1' AS x JOIN s.u AT BRANCH dev AS y ON x.id = y.id",
                        "SELECT"),
                arguments("SELECT * FROM s.t AT BRANCH main UNION ALL SELECT * FROM s.t AT BRANCH dev", "UNION"),
                arguments("WITH x AS (SELECT * FROM s.t AT TAG v1) SELECT * FROM x", "WITH"),
                arguments("SELECT * FROM s.t WHERE id IN (SELECT id FROM s.u AT SNAPSHOT '7')", "SELECT"),
                arguments("SELECT * FROM s.t\n  AT\n  BRANCH main\nWHERE a = 1", "SELECT"),
                // Iceberg metadata and other table functions (open policy)
                arguments("SELECT * FROM TABLE(table_history('s.t'))", "SELECT"),
                arguments("SELECT * FROM TABLE(table_history('s.t')) ORDER BY made_current_at DESC", "SELECT"),
                arguments("SELECT * FROM TABLE(table_snapshot('s.t'))", "SELECT"),
                arguments("SELECT * FROM TABLE(table_files('s.t'))", "SELECT"),
                arguments("SELECT * FROM TABLE(table_manifests('s.t'))", "SELECT"),
                arguments("SELECT * FROM TABLE(table_partitions('s.t'))", "SELECT"),
                arguments("SELECT * FROM TABLE(s.my_table_udf(1, 'x'))", "SELECT"));
    }

    @ParameterizedTest
    @MethodSource("allowed")
    void allowsReadOnlyQueries(String sql, String kind) {
        CheckedQuery checked = guard.check(sql);

        assertThat(checked.check().allowed()).as(checked.check().reason()).isTrue();
        assertThat(checked.check().kind()).isEqualTo(kind);
        assertThat(checked.check().reason()).isEqualTo("allowed");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // tables and data
                named("CREATE TABLE s.t (id INT, name VARCHAR)", "CREATE TABLE"),
                named("CREATE TABLE IF NOT EXISTS s.t (id INT, d DATE) PARTITION BY (month(d))", "CREATE TABLE"),
                named("CREATE TABLE s.t AS SELECT * FROM s.u", "CREATE TABLE"),
                named("CREATE TABLE s.t AT BRANCH dev AS SELECT 1 AS a", "CREATE TABLE"),
                named("create table s.t (a int)", "CREATE TABLE"),
                named("DROP TABLE s.t", "DROP TABLE"),
                named("DROP TABLE IF EXISTS s.t", "DROP TABLE"),
                named("DROP TABLE t AT BRANCH main", "DROP TABLE"),
                named("INSERT INTO s.t VALUES (1, 'a')", "INSERT"),
                named("INSERT INTO s.t (id) SELECT id FROM s.u", "INSERT"),
                named("INSERT INTO s.t AT BRANCH dev SELECT * FROM s.u", "INSERT"),
                named("UPSERT INTO s.t VALUES (1)", "UPSERT"),
                named("UPDATE s.t SET a = 1 WHERE id = 2", "UPDATE"),
                named("UPDATE s.t AT BRANCH dev SET a = 1", "UPDATE"),
                named("DELETE FROM s.t WHERE id = 1", "DELETE"),
                named("DELETE FROM s.t AT BRANCH dev", "DELETE"),
                named("MERGE INTO s.t AS t USING s.u AS u ON t.id = u.id WHEN MATCHED THEN UPDATE SET a = u.a "
                        + "WHEN NOT MATCHED THEN INSERT (id, a) VALUES (u.id, u.a)", "MERGE"),
                named("MERGE INTO s.t USING s.u ON s.t.id = s.u.id WHEN MATCHED THEN DELETE", "MERGE"),
                named("TRUNCATE TABLE s.t", "TRUNCATE"),
                named("TRUNCATE s.t", "TRUNCATE"),
                named("COPY INTO s.t FROM '@s3/bucket/folder' FILE_FORMAT 'csv'", "COPY INTO"),
                named("COPY INTO s.t FROM '@src/f/' FILES ('a.csv', 'b.csv') (EXTRACT_HEADER 'true')", "COPY INTO"),
                named("COPY INTO s.t AT BRANCH dev FROM '@src/f' FILE_FORMAT 'json' (ON_ERROR 'continue')",
                        "COPY INTO"),
                // pipes
                named("CREATE PIPE p AS COPY INTO s.t FROM '@src/f' FILE_FORMAT 'parquet'", "CREATE PIPE"),
                named("CREATE PIPE IF NOT EXISTS p DEDUPE_LOOKBACK_PERIOD 7 AS COPY INTO s.t FROM '@src/f'",
                        "CREATE PIPE"),
                named("ALTER PIPE p SET PIPE_EXECUTION_RUNNING = FALSE", "ALTER PIPE"),
                named("DROP PIPE p", "DROP PIPE"),
                // views
                named("CREATE VIEW s.v AS SELECT * FROM s.t", "CREATE VIEW"),
                named("CREATE OR REPLACE VIEW s.v AS SELECT 1 AS a", "CREATE VIEW"),
                named("CREATE VDS s.v AS SELECT 1 AS a", "CREATE VIEW"),
                named("CREATE VIEW s.v AT BRANCH dev AS SELECT * FROM s.t AT BRANCH dev", "CREATE VIEW"),
                named("DROP VIEW IF EXISTS s.v", "DROP VIEW"),
                named("ALTER VIEW s.v SET ENABLE_DEFAULT_REFLECTION = TRUE", "ALTER VIEW"),
                named("ALTER VDS s.v SET ENABLE_DEFAULT_REFLECTION = FALSE", "ALTER VIEW"),
                named("ALTER VIEW s.v CREATE RAW REFLECTION r USING DISPLAY (a, b)", "ALTER VIEW"),
                // every ALTER TABLE clause
                named("ALTER TABLE s.t ADD COLUMNS (c INT)", "ALTER TABLE"),
                named("ALTER TABLE s.t DROP COLUMN c", "ALTER TABLE"),
                named("ALTER TABLE s.t ALTER COLUMN a a BIGINT", "ALTER TABLE"),
                named("ALTER TABLE s.t CHANGE COLUMN a b VARCHAR", "ALTER TABLE"),
                named("ALTER TABLE s.t ADD PRIMARY KEY (id)", "ALTER TABLE"),
                named("ALTER TABLE s.t DROP PRIMARY KEY", "ALTER TABLE"),
                named("ALTER TABLE s.t REFRESH METADATA", "ALTER TABLE"),
                named("ALTER TABLE s.t REFRESH METADATA FOR PARTITIONS (dir0 = '2024') FORCE UPDATE",
                        "ALTER TABLE"),
                named("ALTER TABLE s.t REFRESH METADATA AUTO PROMOTION LAZY UPDATE MAINTAIN WHEN MISSING",
                        "ALTER TABLE"),
                named("ALTER TABLE s.t FORGET METADATA", "ALTER TABLE"),
                named("ALTER TABLE s.t SET TBLPROPERTIES ('write.format.default' = 'parquet')", "ALTER TABLE"),
                named("ALTER TABLE s.t UNSET TBLPROPERTIES ('k')", "ALTER TABLE"),
                named("ALTER TABLE s.t CREATE RAW REFLECTION r USING DISPLAY (a, b) PARTITION BY (a)",
                        "ALTER TABLE"),
                named("ALTER TABLE s.t CREATE AGGREGATE REFLECTION r USING DIMENSIONS (a) MEASURES (b (SUM))",
                        "ALTER TABLE"),
                named("ALTER TABLE s.t CREATE EXTERNAL REFLECTION r USING s.summary", "ALTER TABLE"),
                named("ALTER TABLE s.t DROP REFLECTION r", "ALTER TABLE"),
                named("ALTER TABLE s.t REFRESH REFLECTIONS", "ALTER TABLE"),
                named("ALTER TABLE s.t ROUTE REFLECTIONS TO DEFAULT ENGINE", "ALTER TABLE"),
                named("ALTER TABLE s.t ADD ROW ACCESS POLICY region_filter(region)", "ALTER TABLE"),
                named("ALTER TABLE s.t MODIFY COLUMN ssn SET MASKING POLICY mask_ssn(ssn)", "ALTER TABLE"),
                named("ALTER TABLE s.t LOCALSORT BY (a)", "ALTER TABLE"),
                named("ALTER TABLE s.t CLUSTER BY (a, b)", "ALTER TABLE"),
                named("ALTER TABLE s.t AT BRANCH dev ADD COLUMNS (c INT)", "ALTER TABLE"),
                named("ALTER DATASET s.t REFRESH METADATA", "ALTER DATASET"),
                named("ALTER PDS s.t REFRESH METADATA", "ALTER PDS"),
                named("ALTER PDS s.t FORGET METADATA", "ALTER PDS"),
                named("ALTER SOURCE s REFRESH STATUS", "ALTER SOURCE"),
                // table maintenance
                named("OPTIMIZE TABLE s.t", "OPTIMIZE"),
                named("OPTIMIZE TABLE s.t REWRITE DATA USING BIN_PACK (TARGET_FILE_SIZE_MB = 256)", "OPTIMIZE"),
                named("OPTIMIZE TABLE s.t REWRITE MANIFESTS", "OPTIMIZE"),
                named("VACUUM TABLE s.t EXPIRE SNAPSHOTS older_than '2023-04-20 00:00:00.000' retain_last 20",
                        "VACUUM"),
                named("VACUUM TABLE s.t REMOVE ORPHAN FILES", "VACUUM"),
                named("VACUUM CATALOG nessie", "VACUUM"),
                named("ROLLBACK TABLE s.t TO SNAPSHOT '5393090506354317772'", "ROLLBACK"),
                named("ROLLBACK TABLE s.t TO TIMESTAMP '2024-01-01 00:00:00'", "ROLLBACK"),
                named("ROLLBACK", "ROLLBACK"),
                named("ANALYZE TABLE s.t FOR ALL COLUMNS COMPUTE STATISTICS", "ANALYZE"),
                named("ANALYZE TABLE s.t FOR COLUMNS (a, b) DELETE STATISTICS", "ANALYZE"),
                named("REFRESH REFLECTION r", "REFRESH"),
                // spaces and folders
                named("CREATE SPACE marketing", "CREATE SPACE"),
                named("DROP SPACE marketing", "DROP SPACE"),
                named("CREATE FOLDER s.f", "CREATE FOLDER"),
                named("CREATE FOLDER IF NOT EXISTS s.f AT BRANCH dev", "CREATE FOLDER"),
                named("DROP FOLDER s.f", "DROP FOLDER"),
                // Nessie branches and tags
                named("CREATE BRANCH dev", "CREATE BRANCH"),
                named("CREATE BRANCH IF NOT EXISTS dev AT BRANCH main IN nessie", "CREATE BRANCH"),
                named("CREATE BRANCH dev AT COMMIT \"ff2fe50fef5a030c4fc8e61b252bdc33c72e2b6f\" IN nessie",
                        "CREATE BRANCH"),
                named("DROP BRANCH dev FORCE IN nessie", "DROP BRANCH"),
                named("CREATE TAG v1 AT BRANCH main IN nessie", "CREATE TAG"),
                named("DROP TAG v1 IN nessie", "DROP TAG"),
                named("ASSIGN BRANCH main TO COMMIT \"ff2fe50f\" IN nessie", "ASSIGN BRANCH"),
                named("ASSIGN TAG v1 TO BRANCH main", "ASSIGN TAG"),
                named("MERGE BRANCH dev INTO main IN nessie", "MERGE BRANCH"),
                named("MERGE BRANCH DRY RUN dev INTO main ON CONFLICT OVERWRITE", "MERGE BRANCH"),
                // privileges, users, roles, functions
                named("GRANT SELECT ON TABLE s.t TO USER \"alice@example.com\"", "GRANT"),
                named("GRANT ALL ON SPACE marketing TO ROLE analysts", "GRANT"),
                named("GRANT ROLE analysts TO USER bob", "GRANT"),
                named("GRANT OWNERSHIP ON TABLE s.t TO ROLE admins", "GRANT"),
                named("REVOKE SELECT ON TABLE s.t FROM ROLE analysts", "REVOKE"),
                named("REVOKE ROLE analysts FROM USER bob", "REVOKE"),
                named("CREATE USER bob", "CREATE USER"),
                named("ALTER USER bob SET PASSWORD 'secret'", "ALTER USER"),
                named("DROP USER bob", "DROP USER"),
                named("CREATE ROLE analysts", "CREATE ROLE"),
                named("DROP ROLE analysts", "DROP ROLE"),
                named("CREATE FUNCTION plus_one (x INT) RETURNS INT RETURN x + 1", "CREATE FUNCTION"),
                named("CREATE OR REPLACE FUNCTION f () RETURNS TABLE (a INT) RETURN SELECT 1", "CREATE FUNCTION"),
                named("DROP FUNCTION IF EXISTS f", "DROP FUNCTION"),
                // context and settings
                named("USE s", "USE"),
                named("USE \"Samples\".\"samples.dremio.com\"", "USE"),
                named("USE BRANCH dev IN nessie", "USE"),
                named("USE", "USE"),
                named("SET a = 1", "SET"),
                named("SET \"planner.slice_target\" = 1000", "SET"),
                named("SET SCHEMA s", "SET"),
                named("RESET a", "RESET"),
                named("RESET ALL", "RESET"),
                named("ALTER SESSION SET \"store.format\" = 'parquet'", "ALTER SESSION"),
                named("ALTER SESSION RESET ALL", "ALTER SESSION"),
                named("ALTER SYSTEM SET \"planner.memory_limit\" = 1000", "ALTER SYSTEM"),
                named("ALTER SYSTEM RESET \"planner.memory_limit\"", "ALTER SYSTEM"),
                // read-only, but not queries
                named("SHOW TABLES", "SHOW"),
                named("SHOW SCHEMAS", "SHOW"),
                named("SHOW BRANCHES IN nessie", "SHOW"),
                named("SHOW LOGS AT BRANCH main IN nessie", "SHOW"),
                named("SHOW CREATE VIEW s.v", "SHOW"),
                named("DESCRIBE s.t", "DESCRIBE"),
                named("DESCRIBE TABLE s.t", "DESCRIBE"),
                named("DESC s.t", "DESCRIBE"),
                named("EXPLAIN PLAN FOR SELECT * FROM s.t", "EXPLAIN"),
                named("EXPLAIN PLAN WITH IMPLEMENTATION FOR SELECT 1", "EXPLAIN"),
                named("CALL p(1)", "CALL"),
                named("EXECUTE IMMEDIATE 'DROP TABLE t'", "EXECUTE"),
                named("BEGIN; DROP TABLE t; COMMIT", "BEGIN"),
                named("COMMIT", "COMMIT"),
                // comments do not hide a statement
                named("-- sneaky\n /* still sneaky */ drop table t", "DROP TABLE"),
                named("/* SELECT 1 */ DROP TABLE s.t", "DROP TABLE"),
                named("-- SELECT 1\nDROP TABLE s.t", "DROP TABLE"),
                // stacked statements
                named("SELECT 1; DROP TABLE t", "DROP TABLE"),
                named("SELECT * FROM s.t;\nTRUNCATE TABLE s.t", "TRUNCATE"),
                named("SELECT 1 /* ; */ ; DROP TABLE t", "DROP TABLE"),
                named("SELECT 1 -- hi\n; DROP TABLE t", "DROP TABLE"),
                named("SELECT 1;\n/* comment */\nCREATE TABLE x (a INT)", "CREATE TABLE"),
                named("SELECT 'x'; GRANT ALL ON SYSTEM TO USER u", "GRANT"),
                named("SELECT 1; USE s", "USE"),
                named("WITH c AS (SELECT 1 AS x) SELECT * FROM c; DROP VIEW v", "DROP VIEW"),
                named("SELECT 1;;DROP TABLE t", "DROP TABLE"),
                named("(SELECT 1); DROP TABLE t", "DROP TABLE"),
                named("SELECT 1; SELECT 2; ALTER TABLE t DROP COLUMN c", "ALTER TABLE"),
                named("DROP TABLE t; SELECT 1", "DROP TABLE"),
                other("SELECT 1; SELECT 2", "MULTIPLE", "2 statements; only one query is allowed"),
                other("SELECT * FROM s.t; DELETE FROM s.t", "MULTIPLE", "2 statements; only one query is allowed"),
                other("SELECT 1; INSERT INTO t VALUES (1); SELECT 2", "MULTIPLE",
                        "3 statements; only one query is allowed"),
                // external_query, in any case, schema-qualified, anywhere
                other("SELECT * FROM TABLE(pg.external_query('DELETE FROM users'))", "SELECT", "external_query"),
                other("SELECT * FROM TABLE(pg.EXTERNAL_QUERY('SELECT 1'))", "SELECT", "external_query"),
                other("SELECT * FROM TABLE(pg.\"External_Query\"('SELECT 1'))", "SELECT", "external_query"),
                other("SELECT * FROM TABLE(external_query('pg', 'SELECT 1'))", "SELECT", "external_query"),
                other("SELECT * FROM pg.external_query('DROP TABLE x')", "SELECT", "external_query"),
                other("SELECT * FROM s.t WHERE a IN (SELECT b FROM TABLE(pg.external_query('x')))", "SELECT",
                        "external_query"),
                other("WITH c AS (SELECT * FROM TABLE(pg.external_query('x'))) SELECT * FROM c", "WITH",
                        "external_query"),
                other("SELECT 1 UNION ALL SELECT * FROM TABLE(pg.external_query('x'))", "UNION",
                        "external_query"),
                // what does not parse
                other("SELECT a INTO b FROM s.t", "UNPARSEABLE", "SQL does not parse"),
                other("SELECT * INTO new_table FROM s.t", "UNPARSEABLE", "SQL does not parse"),
                other("SELECT 1 FROM s.t WHERE a = 1 DROP TABLE t", "UNPARSEABLE", "SQL does not parse"),
                other("SELECT * FROM s.t UNION DROP TABLE x", "UNPARSEABLE", "SQL does not parse"),
                other("WITH d AS (DELETE FROM t) SELECT 1", "UNPARSEABLE", "SQL does not parse"),
                other("SELECT * FROM s.t WHERE a IN (DELETE FROM u)", "UNPARSEABLE", "SQL does not parse"),
                other("SELECT 1 /* unterminated", "UNPARSEABLE", "SQL does not parse"),
                other("SELECT 'unterminated", "UNPARSEABLE", "SQL does not parse"),
                other(";", "UNPARSEABLE", "SQL does not parse"),
                other(";;", "UNPARSEABLE", "SQL does not parse"),
                other("SELECT * FROM s.t AT BRANCH", "UNPARSEABLE", "SQL does not parse"),
                other("SELECT * FROM s.t AT BRANCH main AS OF now()", "UNPARSEABLE", "SQL does not parse"),
                other("SELECT 1 AT BRANCH main", "UNPARSEABLE", "must directly follow a table name"),
                other("SELECT * FROM s.t x AT BRANCH main", "UNPARSEABLE", "must directly follow a table name"),
                other("SELECT * FROM TABLE(table_history('s.t')) AT BRANCH main", "UNPARSEABLE",
                        "must directly follow a table name"),
                // nothing to run
                other("", "EMPTY", "empty statement"),
                other("   \n\t", "EMPTY", "empty statement"),
                other("-- only a comment", "EMPTY", "empty statement"),
                other("/* only a comment */ -- and another", "EMPTY", "empty statement"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesNamingTheKind(String sql, String kind, String reason) {
        QueryCheck check = guard.check(sql).check();

        assertThat(check.allowed()).as(check.reason()).isFalse();
        assertThat(check.kind()).as(check.reason()).isEqualTo(kind);
        assertThat(check.reason()).contains(reason);
        assertThat(check.tables()).isEmpty();
    }

    /** Calcite's parser needs commons-math3 for interval qualifiers (INTERVAL, EXTRACT, TIMESTAMPADD). */
    @ParameterizedTest
    @ValueSource(strings = {"SELECT ts + INTERVAL '1' DAY FROM s.t", "SELECT EXTRACT(YEAR FROM ts) FROM s.t",
            "SELECT TIMESTAMPADD(DAY, 1, ts) FROM s.t"})
    void allowsIntervalsOnceTheParserHasItsDependencies(String sql) {
        assertThat(guard.check(sql).check().allowed()).isTrue();
    }

    @Test
    void theCorpusIsLarge() {
        assertThat(allowed().count() + refused().count()).isGreaterThanOrEqualTo(250);
    }

    /** A statement refused for what it is: the reason starts with its kind. */
    private static Arguments named(String sql, String kind) {
        return arguments(sql, kind, kind + " statements ");
    }

    private static Arguments other(String sql, String kind, String reason) {
        return arguments(sql, kind, reason);
    }
}
