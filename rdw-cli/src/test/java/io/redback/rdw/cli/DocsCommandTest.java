package io.redback.rdw.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** rdw docs end to end, in-process, on the embedded document store of a temporary warehouse. */
class DocsCommandTest {
    @TempDir
    Path dir;

    private CommandRun rdw(String... args) {
        return CommandRun.in(dir.resolve("wh"), args);
    }

    @Test
    void putsGetsFindsSetsAndDeletes() {
        CommandRun put = rdw("docs", "put", "--project", "project1", "{\"title\": \"Rides\", \"content\": \"raw\", \"year\": 2024}");
        assertThat(put.code()).as(put.err()).isZero();
        String id = put.out().strip();
        assertThat(id).matches("[0-9a-f]{24}");
        String other = rdw("docs", "put", "--project", "project1", "{\"title\": \"Weather\", \"content\": \"x\", \"year\": 2025}")
                .out().strip();

        assertThat(rdw("docs", "get", "--project", "project1", id).out())
                .isEqualTo("{\"_id\":\"" + id + "\",\"title\":\"Rides\",\"content\":\"raw\",\"year\":2024}\n");
        assertThat(rdw("docs", "find", "--project", "project1").out().lines()).hasSize(2);
        assertThat(rdw("docs", "find", "--project", "project1", "{\"year\": {\"$gte\": 2025}}", "--fields", "title").out())
                .isEqualTo("{\"_id\":\"" + other + "\",\"title\":\"Weather\"}\n");
        assertThat(rdw("docs", "find", "--project", "project1", "--sort", "-year, title", "--limit", "1", "--fields", "year").out())
                .isEqualTo("{\"_id\":\"" + other + "\",\"year\":2025}\n");
        assertThat(rdw("docs", "find", "--project", "project1", "--sort", "year", "--skip", "1", "--fields", "title").out())
                .contains("Weather").doesNotContain("Rides");
        CommandRun none = rdw("docs", "find", "--project", "project1", "{\"year\": 1999}");
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("no documents match");
        assertThat(rdw("docs", "count", "--project", "project1").out().strip()).isEqualTo("2");
        assertThat(rdw("docs", "count", "--project", "project2").out().strip()).isEqualTo("0");

        assertThat(rdw("docs", "set", "--project", "project1", id, "{\"content\": \"cleaned\"}").code()).isZero();
        assertThat(rdw("docs", "get", "--project", "project1", id).out()).contains("\"content\":\"cleaned\"");

        assertThat(rdw("docs", "delete", "--project", "project1", id).out().strip()).isEqualTo("deleted " + id);
        CommandRun gone = rdw("docs", "get", "--project", "project1", id);
        assertThat(gone.code()).isEqualTo(Main.NOT_FOUND);
        assertThat(gone.err()).isEqualTo("rdw: document " + id + " does not exist in collection project1\n");
        assertThat(rdw("docs", "delete", "--project", "project1", id).code()).isEqualTo(Main.NOT_FOUND);

        CommandRun events = rdw("provenance", "--prefix", "project1/documents/");
        assertThat(events.out()).contains("document:deleted  project1/documents/" + id + " in collection project1",
                "document:updated", "document:inserted");
    }

    @Test
    void refusesBadInputWithExitCodeFive() {
        for (String[] args : new String[][]{
                {"docs", "put", "--project", "project1", "{\"title\": "},
                {"docs", "put", "--project", "project1", "{\"$where\": \"1\"}"},
                {"docs", "put", "--project", "project1", "--rule", "title-and-content", "{\"title\": \"only\"}"},
                {"docs", "put", "--project", "project1", "--rule", "strict", "{}"},
                {"docs", "put", "--project", "../etc", "{}"},
                {"docs", "find", "--project", "project1", "{\"$where\": \"sleep(100)\"}"},
                {"docs", "find", "--project", "project1", "{\"a\": {\"$function\": {}}}"},
                {"docs", "get", "--project", "project1", "../../etc/passwd"},
                {"docs", "set", "--project", "project1", "abc", "{\"$inc\": {\"n\": 1}}"}}) {
            CommandRun r = rdw(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(Main.INVALID_INPUT);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("rdw: ").doesNotContain("Exception");
        }
        assertThat(rdw("docs", "put", "--project", "project1", "--rule", "title-and-content", "{\"title\": 1, \"content\": \"x\"}")
                .err()).contains("field 'title' must be a string");
        assertThat(rdw("docs", "count", "--project", "project1").out().strip()).isEqualTo("0");
        assertThat(rdw("docs", "put", "--project", "project1", "{}", "extra").code()).isEqualTo(2);
    }

    @Test
    void loadsAFileAndReportsTheNumberOfABadLine() throws Exception {
        Path good = Files.writeString(dir.resolve("notes.ndjson"),
                "{\"title\": \"a\", \"content\": \"x\"}\n{\"title\": \"b\", \"content\": \"y\"}\n{\"title\": \"c\", \"content\": \"z\"}\n");
        CommandRun load = rdw("docs", "load", "--project", "project1", "--rule", "title-and-content", "--batch-size", "2", good.toString());
        assertThat(load.code()).as(load.err()).isZero();
        assertThat(load.out()).startsWith("loaded 3 documents from notes.ndjson into project1 in 2 batches (3 lines, ");

        Path bad = Files.writeString(dir.resolve("bad.ndjson"), "{\"n\": 1}\n{\"n\": 2}\n{\"n\": 3,}\n{\"n\": 4}\n");
        CommandRun failed = rdw("docs", "load", "--project", "project2", bad.toString());
        assertThat(failed.code()).isEqualTo(Main.INVALID_INPUT);
        assertThat(failed.err()).startsWith("rdw: bad.ndjson: line 3: invalid JSON")
                .contains("2 documents before it were stored", "--from-line 3");
        assertThat(rdw("docs", "count", "--project", "project2").out().strip()).isEqualTo("2");

        Files.writeString(bad, "{\"n\": 1}\n{\"n\": 2}\n{\"n\": 3}\n{\"n\": 4}\n");
        CommandRun resumed = rdw("docs", "load", "--project", "project2", "--from-line", "3", bad.toString());
        assertThat(resumed.out()).startsWith("loaded 2 documents");
        assertThat(rdw("docs", "find", "--project", "project2", "--sort", "n", "--fields", "n").out().lines()
                .map(l -> l.replaceAll(".*\"n\":(\\d+).*", "$1")).toList()).containsExactly("1", "2", "3", "4");

        CommandRun missing = rdw("docs", "load", "--project", "project1", dir.resolve("none.ndjson").toString());
        assertThat(missing.code()).isEqualTo(Main.NOT_FOUND);
        assertThat(missing.err()).contains("no such file");
        assertThat(rdw("docs", "load", "--project", "project1").code()).isEqualTo(2);
    }

    @Test
    void loadsABronzeObject() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.json"), "[{\"title\": \"a\"}, {\"title\": \"b\"}]");
        String key = rdw("upload", file.toString(), "--project", "project1").out().strip();

        CommandRun load = rdw("docs", "load", "--project", "project1", "--key", key);
        assertThat(load.code()).as(load.err()).isZero();
        assertThat(load.out()).startsWith("loaded 2 documents from bronze:" + key);
        assertThat(rdw("provenance", "--prefix", "project1/documents/").out())
                .contains("documents:loaded", "from bronze:" + key + " by documents-load");
        CommandRun missing = rdw("docs", "load", "--project", "project1", "--key", "project1/nope.json");
        assertThat(missing.code()).isEqualTo(Main.NOT_FOUND);
    }
}
