package io.redback.rdw.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walk-through of versioned tables through {@code rdw}: clean a file into a table, append on a branch, read main
 * and the branch, merge, tag, roll back, read the tag.
 */
class TableCommandTest {
    @TempDir
    Path dir;

    private CommandRun rdw(String... args) {
        return CommandRun.in(dir.resolve("wh"), args);
    }

    private CommandRun ok(String... args) {
        CommandRun r = rdw(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
        return r;
    }

    /** The number of rows a `table show` printed: its result table ends with "(N rows)". */
    private static String rows(CommandRun show) {
        return show.out().lines().filter(l -> l.matches("\\(\\d+ rows?\\)")).findFirst().orElse(show.out());
    }

    @Test
    void cleanIntoATableBranchMergeTagRollBackAndReadTheTag() throws Exception {
        Path csv = Files.writeString(dir.resolve("rides.csv"), "Ride ID,Speed\n1,12.5\n2,30\n3,41\n");
        String key = ok("upload", csv.toString(), "--project", "project1").out().strip();
        String silver = ok("clean", "--key", key).out().strip();
        CommandRun created = ok("table", "create", "silver", "project1.rides", "--from", "silver:" + silver);
        assertThat(created.out()).contains("table silver:project1.rides", "append +3 rows, 3 in all");
        String first = created.out().replaceAll("(?s).*snapshot (-?\\d+) .*", "$1");

        Path more = dir.resolve("more.parquet");
        ok("clean", Files.writeString(dir.resolve("more.csv"), "Ride ID,Speed\n4,7\n5,9\n").toString(), "--output", more.toString());
        ok("table", "branch", "silver", "project1.rides", "dev");
        ok("table", "append", "silver", "project1.rides", "--branch", "dev", "--file", more.toString());
        assertThat(rows(ok("table", "show", "silver", "project1.rides"))).isEqualTo("(3 rows)");
        assertThat(rows(ok("table", "show", "silver", "project1.rides", "--branch", "dev"))).isEqualTo("(5 rows)");
        assertThat(rows(ok("table", "show", "silver", "project1.rides", "--at", "dev"))).isEqualTo("(5 rows)");

        ok("table", "merge", "silver", "project1.rides", "dev");
        ok("table", "tag", "silver", "project1.rides", "v1");
        assertThat(ok("table", "history", "silver", "project1.rides").out().lines()).hasSize(2);
        CommandRun rolled = ok("table", "rollback", "silver", "project1.rides", first);
        assertThat(rolled.out()).contains("3 in all");
        assertThat(rows(ok("table", "show", "silver", "project1.rides"))).isEqualTo("(3 rows)");
        CommandRun tag = ok("table", "show", "silver", "project1.rides", "--at", "v1");
        assertThat(rows(tag)).isEqualTo("(5 rows)");
        assertThat(tag.out()).contains("tag v1 at", "branch dev at", "ride_id BIGINT");
        assertThat(ok("table", "ls", "silver", "project1").out().strip()).isEqualTo("project1.rides");
        assertThat(ok("provenance", "--type", "table:committed").out().lines().count()).isGreaterThanOrEqualTo(6);

        CommandRun conflict = rdw("table", "create", "silver", "project1.rides", "--file", more.toString());
        assertThat(conflict.code()).isEqualTo(Main.REFUSED);
        assertThat(rdw("table", "show", "silver", "project1.nope").code()).isEqualTo(Main.NOT_FOUND);
        assertThat(rdw("table", "append", "silver", "project1.rides").err()).contains("--file PARQUET or --from LAYER:KEY");
    }
}
