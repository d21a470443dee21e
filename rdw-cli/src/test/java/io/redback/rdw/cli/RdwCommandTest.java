package io.redback.rdw.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The rdw command end to end, in-process, on an embedded warehouse in a temporary folder. */
class RdwCommandTest {
    @TempDir
    Path dir;

    private CommandRun rdw(String... args) {
        return CommandRun.in(dir.resolve("wh"), args);
    }

    private Path csv(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void doctorChecksEveryConfiguredService() throws Exception {
        CommandRun table = rdw("doctor");
        assertThat(table.code()).as(table.out() + table.err()).isZero();
        assertThat(table.out()).contains("COMPONENT", "STATUS", "LATENCY").containsPattern("storage\\s+UP")
                .containsPattern("provenance\\s+UP").containsPattern("query\\s+UP").containsPattern("documents\\s+UP")
                .containsPattern("sql-runtime\\s+UP").contains("nothing is down").doesNotContain("UNKNOWN");

        CommandRun json = rdw("doctor", "--json");
        assertThat(json.code()).isZero();
        com.fasterxml.jackson.databind.JsonNode checks = io.redback.rdw.helpers.Json.MAPPER.readTree(json.out());
        assertThat(checks.isArray()).isTrue();
        assertThat(checks.findValuesAsText("component")).contains("storage", "query", "provenance", "documents");
        assertThat(checks.findValuesAsText("status")).doesNotContain("DOWN");
    }

    @Test
    void takesSqlThatStartsWithACommentFromAFileOrFromStandardInput() throws Exception {
        assertThat(rdw("init").code()).isZero();
        CommandRun commented = rdw("query", "--check", "-- why: a note\nSELECT 1");
        assertThat(commented.code()).as(commented.err()).isZero();
        assertThat(commented.out().strip()).isEqualTo("allowed");
        CommandRun direct = rdw("query", "--format", "csv", "-- the answer\nSELECT 42 AS n");
        assertThat(direct.out()).isEqualTo("n\n42\n");

        Path q = Files.writeString(dir.resolve("q.sql"), "-- from a file\nSELECT 7 AS n\n");
        assertThat(rdw("query", "--format", "csv", "--file", q.toString()).out()).isEqualTo("n\n7\n");
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("SELECT 8 AS n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(rdw("query", "--format", "csv", "-").out()).isEqualTo("n\n8\n");
        } finally {
            System.setIn(stdin);
        }
        CommandRun bare = rdw("query", "SELECT * FROM rides");
        assertThat(bare.code()).isEqualTo(Main.NOT_FOUND);
        assertThat(bare.err()).contains("there is no table 'rides'", "addressed by bucket and key segments",
                "\"dw-bucket-", "rdw ls").doesNotContain("pg_");
        CommandRun typo = rdw("query", "SELEC 1");
        assertThat(typo.code()).isEqualTo(Main.REFUSED);
        assertThat(typo.err()).contains("'SELEC' at line 1, column 1", "did you mean SELECT?");
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "--warehouse",
                dir.resolve("no-warehouse-here").toString(), "query", "--check", "SELECT 1")).isZero();
        CommandRun none = rdw("query");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--file FILE", "standard input");
        assertThat(rdw("query", "--file", dir.resolve("nope.sql").toString()).code()).isEqualTo(Main.NOT_FOUND);
    }

    @Test
    void initSaysWhichBucketsItMade() {
        CommandRun first = rdw("init");
        assertThat(first.out()).contains("bronze: dw-bucket-bronze (created)", "gold: dw-bucket-gold (created)");
        assertThat(rdw("init").out()).contains("bronze: dw-bucket-bronze (exists)", "gold: dw-bucket-gold (exists)");
    }

    @Test
    void aMistypedWarehouseFolderIsNotTakenForAnEmptyWarehouse() throws Exception {
        Path typo = dir.resolve("wherehouse");
        for (String[] args : new String[][]{{"ls"}, {"query", "SELECT 1"}, {"provenance"}, {"catalog"},
                {"get", "bronze", "p/x.csv"}, {"docs", "find", "--project", "p1", "{}"}}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            String[] all = Stream.concat(Stream.of("--warehouse", typo.toString()), Stream.of(args)).toArray(String[]::new);
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), all);
            assertThat(code).as(String.join(" ", args) + ": " + err).isEqualTo(Main.NOT_FOUND);
            assertThat(err.toString()).contains(typo + " does not exist", "rdw init");
        }
        assertThat(typo).doesNotExist();
        Files.createDirectories(typo);
        StringWriter err = new StringWriter();
        Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "--warehouse", typo.toString(), "ls");
        assertThat(err.toString()).contains("is not an rdw warehouse (it has no .rdw folder)");
        // writing commands make one, as before
        assertThat(rdw("init").code()).isZero();
        assertThat(rdw("ls").code()).isZero();
    }

    @Test
    void uploadingTheSameFileAgainKeepsTheObjectThatIsThere() throws Exception {
        Path file = csv("rides.csv", "id,speed\n1,12.5\n2,30\n");
        CommandRun first = rdw("upload", file.toString(), "--project", "project1", "--task", "t1_rides");
        CommandRun again = rdw("upload", file.toString(), "--project", "project1", "--task", "t1_rides");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo(first.out());
        assertThat(again.err()).contains("already in bronze", "nothing was stored", "--allow-duplicate");
        assertThat(rdw("ls", "bronze").out().lines()).hasSize(1);
        assertThat(rdw("provenance").out().lines()).hasSize(1);

        CommandRun copy = rdw("upload", file.toString(), "--project", "project1", "--task", "t1_rides", "--allow-duplicate");
        assertThat(copy.out()).isNotEqualTo(first.out());
        assertThat(rdw("ls", "bronze").out().lines()).hasSize(2);
    }

    @Test
    void uploadsListsAndDownloads() throws Exception {
        Path file = csv("rides.csv", "id,speed\n1,12.5\n2,30\n");
        CommandRun up = rdw("upload", file.toString(), "--project", "project1", "--task", "t1_rides", "--year", "2025");
        assertThat(up.code()).as(up.err()).isZero();
        String key = up.out().strip();
        assertThat(key).matches("project1/2025/t1_rides/rides_\\d{8}T\\d{9}Z\\.csv");

        assertThat(rdw("ls", "bronze", "--project", "project1").out().strip()).isEqualTo(key);
        assertThat(rdw("ls").out().strip()).isEqualTo("bronze:" + key);
        assertThat(rdw("ls", "silver").out()).isEmpty();
        assertThat(rdw("ls", "bronze", "--long").out()).contains(key, " " + Files.size(file) + "  ");

        Path copy = dir.resolve("copy.csv");
        CommandRun get = rdw("get", "bronze", key, "--output", copy.toString());
        assertThat(get.code()).as(get.err()).isZero();
        assertThat(get.out().strip()).isEqualTo("wrote " + copy + " (" + Files.size(file) + " bytes, SHA-256 verified)");
        assertThat(copy).hasSameTextualContentAs(file);
        Files.writeString(copy, "mine");
        CommandRun again = rdw("get", "bronze", key, "--output", copy.toString());
        assertThat(again.code()).isEqualTo(Main.REFUSED);
        assertThat(again.err()).contains("already exists");
        assertThat(copy).hasContent("mine");
        assertThat(rdw("get", "bronze", key, "--output", copy.toString(), "--overwrite").code()).isZero();
        assertThat(copy).hasSameTextualContentAs(file);

        // one rule for every command that writes a local file: refused unless --overwrite, and it says what it wrote
        Path csvOut = dir.resolve("q.csv");
        Files.writeString(csvOut, "mine");
        CommandRun query = rdw("query", "--output", csvOut.toString(), "--format", "csv", "SELECT 1 AS n");
        assertThat(query.code()).isEqualTo(Main.REFUSED);
        assertThat(csvOut).hasContent("mine");
        CommandRun replaced = rdw("query", "--output", csvOut.toString(), "--format", "csv", "--overwrite", "SELECT 1 AS n");
        assertThat(replaced.out()).contains("1 rows written to " + csvOut);
        assertThat(csvOut).hasContent("n\n1\n");
    }

    @Test
    void refusesOverwritingBronze() throws Exception {
        Path file = csv("rides.csv", "id\n1\n");
        rdw("upload", file.toString(), "--project", "project1", "--exact-name");
        CommandRun r = rdw("upload", file.toString(), "--project", "project1", "--overwrite");
        assertThat(r.code()).isEqualTo(Main.REFUSED);
        assertThat(r.err()).contains("write-once");
        // other content under the same exact name: refused, bronze keeps the first
        Path changed = csv("rides.csv", "id\n2\n");
        CommandRun twice = rdw("upload", changed.toString(), "--project", "project1", "--exact-name");
        assertThat(twice.code()).isEqualTo(Main.REFUSED);
        assertThat(twice.err()).contains("already exists");
    }

    @Test
    void refusesHostileNamesAndWritesNothing() throws Exception {
        Path file = csv("rides.csv", "id\n1\n");
        for (String[] args : new String[][]{
                {"upload", file.toString(), "--project", "../etc"},
                {"upload", file.toString(), "--project", "p1", "--name", "..\\..\\x"},
                {"upload", file.toString(), "--project", "p1", "--task", "t1_a", "--student", "s1\u202e"},
                {"upload", file.toString(), "--project", "p1", "--task", "%2e%2e"},
                {"get", "bronze", "../../etc/passwd", "--output", dir.resolve("x").toString()}}) {
            CommandRun r = rdw(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(Main.INVALID_INPUT);
            assertThat(r.err()).startsWith("rdw: ").doesNotContain("\u202e").doesNotContain("Exception");
        }
        assertThat(rdw("ls").out()).isEmpty();
        assertThat(rdw("provenance").err()).contains("no provenance events");
    }

    @Test
    void queriesInEveryFormatAndGuards() throws Exception {
        Path file = csv("rides.csv", "id,device\n1,garmin\n2,wahoo\n3,garmin\n");
        String key = rdw("upload", file.toString(), "--project", "project1").out().strip();
        String table = "\"dw-bucket-bronze\".\"" + key.replace("/", "\".\"") + "\"";
        String sql = "SELECT device, count(*) AS n FROM " + table + " GROUP BY device ORDER BY device";

        CommandRun text = rdw("query", sql);
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("device | n", "garmin |", "(2 rows)");
        assertThat(rdw("query", "--format", "csv", sql).out()).isEqualTo("device,n\ngarmin,2\nwahoo,1\n");
        assertThat(rdw("query", "--format", "json", sql).out().strip()).isEqualTo(
                "{\"schema\":[{\"name\":\"device\",\"type\":{\"name\":\"VARCHAR\"}},{\"name\":\"n\",\"type\":{\"name\":\"BIGINT\"}}],"
                        + "\"rows\":[{\"device\":\"garmin\",\"n\":2},{\"device\":\"wahoo\",\"n\":1}],\"rowCount\":2}");
        Path parquet = dir.resolve("counts.parquet");
        CommandRun exported = rdw("query", "--format", "parquet", "--output", parquet.toString(), sql);
        assertThat(exported.out().strip()).isEqualTo("2 rows written to " + parquet);
        assertThat(parquet).isNotEmptyFile();

        CommandRun check = rdw("query", "--check", "WITH x AS (SELECT 1 AS \"comment\") SELECT * FROM x");
        assertThat(check.code()).isZero();
        assertThat(check.out().strip()).isEqualTo("allowed");
        CommandRun refused = rdw("query", "--check", "DROP TABLE " + table);
        assertThat(refused.code()).isEqualTo(Main.REFUSED);
        assertThat(refused.err()).contains("DROP");
        CommandRun stacked = rdw("query", "SELECT 1; DELETE FROM t");
        assertThat(stacked.code()).isEqualTo(Main.REFUSED);
        assertThat(stacked.err()).startsWith("rdw: query refused: ");
        CommandRun garbage = rdw("query", "SELEKT *");
        assertThat(garbage.code()).isEqualTo(Main.REFUSED);
        CommandRun missing = rdw("query", "SELECT * FROM \"dw-bucket-silver\".\"nope\".\"x.parquet\"");
        assertThat(missing.code()).isEqualTo(Main.NOT_FOUND);
    }

    @Test
    void cleansLocalFilesAndBronzeObjects() throws Exception {
        Path file = csv("rides.csv", "Ride ID,Empty,Speed\n1,,12.5\n1,,12.5\n2,,30\n");
        Path out = dir.resolve("clean.csv");
        // usage errors exit 2, with the usage
        CommandRun nothing = rdw("clean");
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err()).contains("give either INPUT --output OUTPUT", "Usage:");
        assertThat(rdw("clean", file.toString()).code()).isEqualTo(2);
        assertThat(rdw("clean", dir.resolve("nope.csv").toString(), "--output", dir.resolve("n.csv").toString()).code())
                .isEqualTo(Main.NOT_FOUND);
        CommandRun local = rdw("clean", file.toString(), "--output", out.toString());
        assertThat(local.code()).as(local.err()).isZero();
        assertThat(local.out()).contains("3 rows in, 2 out");
        assertThat(Files.readAllLines(out).get(0)).isEqualTo("ride_id,speed,extract_date,unique_id");
        CommandRun profiled = rdw("clean", file.toString(), "--output", dir.resolve("profiled.csv").toString(), "--profile");
        assertThat(profiled.code()).as(profiled.err()).isZero();
        assertThat(profiled.err()).contains("read: typed read", "drop_duplicates: distinct rows in file order",
                "statement\n", "write\n", "in all");
        assertThat(Files.readAllLines(dir.resolve("profiled.csv"))).isEqualTo(Files.readAllLines(out));

        String key = rdw("upload", file.toString(), "--project", "project1").out().strip();
        CommandRun remote = rdw("clean", "--key", key);
        assertThat(remote.code()).as(remote.err()).isZero();
        assertThat(remote.out().strip()).isEqualTo(key.replace(".csv", "_processed.parquet"));
        // the statistics sidecar is kept out of the data folder, so the folder queries as one table
        assertThat(rdw("ls", "silver").out().lines()).containsExactly(key.replace(".csv", "_processed.parquet"));
        assertThat(dir.resolve("wh/dw-bucket-silver/_rdw").resolve(key.replace(".csv", "_processed.pipeline.json")))
                .exists();
        String folder = "\"dw-bucket-silver\".\"" + String.join("\".\"", key.substring(0, key.lastIndexOf('/')).split("/")) + "\"";
        CommandRun count = rdw("query", "--format", "csv", "SELECT count(*) AS n FROM " + folder);
        assertThat(count.code()).as(count.err()).isZero();
        assertThat(count.out()).isEqualTo("n\n2\n");
        assertThat(rdw("provenance", "--layer", "silver").out()).contains("object:derived", "from bronze:" + key);
    }

    @Test
    void preparesForMachineLearningAndRunsConfiguredPipelines() throws Exception {
        Path file = csv("rides.csv", "id,speed,device\n1,10,garmin\n2,,wahoo\n3,30,garmin\n");
        CommandRun local = rdw("prep", file.toString(), "--output", dir.resolve("prep.csv").toString());
        assertThat(local.code()).as(local.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("prep.csv"))).containsExactly("id,speed,device", "1,-1.0,garmin",
                "2,0.0,wahoo", "3,1.0,garmin");

        String key = rdw("upload", file.toString(), "--project", "project1").out().strip();
        CommandRun remote = rdw("prep", "--key", key);
        assertThat(remote.code()).as(remote.err()).isZero();
        assertThat(remote.out().strip()).isEqualTo(key.replace(".csv", "_prepared.parquet"));

        Path yaml = Files.writeString(dir.resolve("config.yaml"), """
                tabular:
                  preprocessing:
                    cleaning:
                      drop_columns: [device]
                      fillna: {speed: 0}
                """);
        CommandRun configured = rdw("clean", file.toString(), "--output", dir.resolve("conf.csv").toString(), "--config", yaml.toString());
        assertThat(configured.code()).as(configured.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("conf.csv"))).containsExactly("id,speed", "1,10", "2,0", "3,30");
        CommandRun broken = rdw("clean", file.toString(), "--output", dir.resolve("x.csv").toString(), "--config",
                Files.writeString(dir.resolve("bad.yaml"), "tabular: {preprocessing: {cleaning: {dedupe: true}}}").toString());
        assertThat(broken.code()).isEqualTo(Main.INVALID_INPUT);
        assertThat(broken.err()).contains("cleaning.dedupe", "known steps");
    }

    @Test
    void reportsAMalformedCsvWithItsLineAndWritesNothing() throws Exception {
        Path file = csv("bad.csv", "a,b,c\n1,2,3\n4,5\n");
        CommandRun local = rdw("clean", file.toString(), "--output", dir.resolve("out.parquet").toString());
        assertThat(local.code()).isEqualTo(Main.INVALID_INPUT);
        assertThat(local.err()).isEqualTo("rdw: bad.csv: line 3: fewer fields than the header's 3; nothing was written\n");
        assertThat(dir.resolve("out.parquet")).doesNotExist();

        String key = rdw("upload", file.toString(), "--project", "project1").out().strip();
        CommandRun remote = rdw("clean", "--key", key);
        assertThat(remote.code()).isEqualTo(Main.INVALID_INPUT);
        assertThat(remote.err()).contains("bronze:" + key + ": line 3");
        assertThat(rdw("ls", "silver").out()).isEmpty();
    }

    @Test
    void runsTheQuickstart() {
        CommandRun r = rdw("quickstart");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1. A messy CSV", "2. Uploaded to bronze", "3. Cleaned into silver",
                "4. An aggregate query", "device_type", "(4 rows)", "5. Provenance", "object:derived", "file:uploaded");
        assertThat(rdw("ls", "silver").out()).contains("_processed.parquet");
        String warehouse = dir.resolve("wh").toString();
        assertThat(r.out()).contains("The warehouse: " + warehouse + " (--warehouse)")
                .doesNotContain("rdw-quickstart-")  // the temporary CSV is not shown: it is gone at the end
                .contains("   ./rdw ls --warehouse " + warehouse + "\n", "   ./rdw provenance --warehouse " + warehouse + "\n",
                        "   ./rdw --help\n");
        // the README's folder query, and the same command again: nothing stored twice, the folder counts each row once
        CommandRun count = rdw("query", "--format", "csv",
                "SELECT count(*) AS n FROM \"dw-bucket-silver\".\"project1\".\"" + java.time.Year.now(java.time.ZoneOffset.UTC)
                        + "\".\"t1_rides\"");
        assertThat(count.out()).isEqualTo("n\n37\n");
        CommandRun again = rdw("quickstart");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("2. Already in bronze", "3. Already cleaned into silver").doesNotContain("-1 rows");
        assertThat(rdw("query", "--format", "csv", "SELECT count(*) AS n FROM \"dw-bucket-silver\".\"project1\".\""
                + java.time.Year.now(java.time.ZoneOffset.UTC) + "\".\"t1_rides\"").out()).isEqualTo("n\n37\n");
    }

    @Test
    void helpsANewcomer() {
        CommandRun help = rdw("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("rdw quickstart", "upload", "clean", "query", "Exit codes");
        // each command's summary in the list is a whole sentence
        for (String line : help.out().lines().dropWhile(l -> !l.startsWith("Commands:")).skip(1)
                .takeWhile(l -> !l.isBlank()).toList()) {
            assertThat(line.strip()).as(line).endsWith(".");
        }
        for (String sub : new String[]{"upload", "ls", "get", "clean", "prep", "query", "quickstart", "provenance", "config",
                "init", "share", "catalog", "register", "docs", "doctor", "mqtt"}) {
            CommandRun r = rdw(sub, "--help");
            assertThat(r.code()).as(sub).isZero();
            assertThat(r.out()).as(sub).contains("Usage: rdw " + sub);
        }
        // description lines are not broken mid-sentence
        assertThat(rdw("prep", "--help").out())
                .contains("missing values filled with its median, then is scaled to z-scores (sample standard deviation).");
        CommandRun wrong = rdw("upload");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("Missing required");
    }

    @Test
    void showsConfigurationWithSecretsHidden() {
        System.setProperty("rdw.dremio.password", "pw-very-secret");
        try {
            CommandRun r = rdw("config");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("rdw.dremio.password", "******", "system property rdw.dremio.password",
                    "rdw.bucket.bronze", "dw-bucket-bronze").doesNotContain("pw-very-secret");
            // the effective values: where --warehouse put them, and the backend each role takes
            assertThat(r.out()).containsPattern("rdw.storage\\s+embedded\\s+\\(command line\\)")
                    .doesNotContain("(builder)")
                    .contains("backends this configuration chooses", "storage      embedded (rdw.storage is set by command line)",
                            "scan         none");
        } finally {
            System.clearProperty("rdw.dremio.password");
        }
    }
}
