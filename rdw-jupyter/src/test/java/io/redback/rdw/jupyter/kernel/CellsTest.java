package io.redback.rdw.jupyter.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CellsTest {
    static Cells cells;

    @BeforeAll
    static void start() {
        cells = new Cells(KernelClassPath.of(System.getProperty("java.class.path")),
                List.of("import io.redback.rdw.*;", "import java.util.*;"));
    }

    @AfterAll
    static void close() {
        cells.close();
    }

    @Test
    void theValueOfTheLastExpressionIsTheObjectItself() {
        assertThat(cells.eval("int a = 20;\nint b = 22;\na + b")).isEqualTo(42);
        assertThat(cells.eval("List.of(1, 2)")).isEqualTo(List.of(1, 2));
        assertThat(cells.eval("Layer.SILVER")).isSameAs(io.redback.rdw.Layer.SILVER);
        assertThat(cells.eval("int c = 1;")).isNull();
        assertThat(cells.eval("c + 1;")).as("a semicolon at the end hides the value").isNull();
        assertThat(cells.eval("c + 1; c + 2")).isEqualTo(3);
        assertThat(cells.eval("// nothing but a comment")).isNull();
    }

    @Test
    void aCompileErrorNamesItsLineAndColumnAndShowsTheLine() {
        CellException e = catchThrowableOfType(() -> cells.eval("int x = 1;\nString s = 42;"), CellException.class);
        assertThat(e.lines().get(0)).startsWith("CompileError: incompatible types");
        assertThat(e.lines()).contains("at line 2, column 12:", "    String s = 42;", "               ^");
        assertThat(e.lines()).hasSizeLessThan(10);
    }

    @Test
    void aFailureIsItsNameAndMessageWithACauseALine() {
        CellException e = catchThrowableOfType(() -> cells.eval(
                "throw new IllegalStateException(\"outer\", new java.io.IOException(\"inner\"));"), CellException.class);
        assertThat(e.lines()).containsExactly("IllegalStateException: outer", "caused by IOException: inner");
    }

    @Test
    void stopEndsAWaitingCellAndALoopThatIgnoresInterruptsAndTheShellGoesOn() throws Exception {
        CompletableFuture<Object> sleeping = CompletableFuture.supplyAsync(() -> cells.eval("Thread.sleep(60_000); 1"));
        Thread.sleep(1_000);
        long start = System.nanoTime();
        cells.stop();
        assertThat(catchThrowableOfType(() -> sleeping.get(10, TimeUnit.SECONDS), java.util.concurrent.ExecutionException.class))
                .hasCauseInstanceOf(CellException.class).hasMessageContaining("InterruptedException");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

        CompletableFuture<Object> spinning = CompletableFuture.supplyAsync(() -> cells.eval("while (true) { }"));
        Thread.sleep(1_000);
        cells.stop();
        spinning.handle((v, t) -> null).get(10, TimeUnit.SECONDS);
        assertThat(cells.eval("1 + 1")).isEqualTo(2);
    }

    @Test
    void knowsAnUnfinishedCell() {
        assertThat(cells.isComplete("for (int i = 0; i < 3; i++) {")).isEqualTo("    ");
        assertThat(cells.isComplete("int i = 1;\ni + 1")).isEqualTo("complete");
        assertThat(cells.complete("Layer.SIL", 9).options()).contains("SILVER");
    }

    @Test
    void magicsBecomeJavaOnTheirOwnLine() {
        assertThat(MagicSource.toJava("int a = 1;\n%rdw config\na")).startsWith("int a = 1;\n" + RdwMagics.class.getName() + ".line(")
                .endsWith(";\na");
        assertThat(MagicSource.toJava("%rdw config\n")).doesNotContain(";");
        assertThat(MagicSource.toJava("%%sql -o rows\nSELECT 1")).startsWith("java.util.List<io.redback.rdw.Row> rows = ");
        assertThatThrownBy(() -> MagicSource.toJava("%%sql -x\nSELECT 1")).isInstanceOf(CellException.class)
                .hasMessageContaining("usage: %%sql [-o name]");
        assertThat(MagicSource.words("warehouse \"/tmp/a b\"")).containsExactly("warehouse", "/tmp/a b");
    }
}
