package io.redback.rdw.jupyter.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.redback.rdw.tck.InteropClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel through Jupyter's own client (Debian's nbclient and jupyter_client, for /usr/bin/python3): a kernelspec
 * in a temporary JUPYTER_PATH starts KernelMain with this test's class path on a temporary warehouse.
 */
class KernelIT {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String INSTALL = "apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel";

    /** 10^10 rows of a cross join, summed and filtered: minutes of work for the embedded engine. */
    static final String ENDLESS = "WITH d(x) AS (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) "
            + "SELECT count(*) AS n FROM d a, d b, d c, d e, d f, d g, d h, d i, d j, d k "
            + "WHERE a.x + b.x + c.x + e.x + f.x + g.x + h.x + i.x + j.x + k.x = 45";

    @TempDir
    static Path tmp;

    @BeforeAll
    static void jupyterAndAKernelspec() throws Exception {
        InteropClients.requireServer(PYTHON, INSTALL);
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import nbclient, jupyter_client, nbformat")
                .redirectErrorStream(true).start();
        if (probe.waitFor() != 0) {
            InteropClients.requireServer(tmp.resolve("nbclient for /usr/bin/python3"), INSTALL);
        }
        TestJupyter.kernelspec(tmp, tmp.resolve("dw"));
        try (InputStream in = KernelIT.class.getResourceAsStream("drive_kernel.py")) {
            Files.copy(in, tmp.resolve("drive_kernel.py"));
        }
    }

    @Test
    void runsANotebook() throws Exception {
        List<String> cells = List.of(
                "1 + 1",
                "display(\"x\");",
                "%%sql\nSELECT 42 AS answer",
                "%%sql -o r\nSELECT 41 + 1 AS answer",
                "r.get(0).getLong(\"answer\") + 1",
                "%%sql\nDROP TABLE t",
                "int x = 1;\nString s = 42;",
                "int a = 20;\nint b = 22;\na + b",
                "%rdw config",
                "throw new IllegalStateException(\"outer\", new java.io.IOException(\"inner\"))",
                "%rdw warehouse " + tmp.resolve("dw2"),
                "Warehouse.describe().get(\"storage\")",
                "%hello notebook");
        Path in = tmp.resolve("cells.json");
        Files.writeString(in, new Gson().toJson(cells));
        Path out = tmp.resolve("outputs.json");
        drive("notebook", in.toString(), out.toString());
        JsonArray outputs = JsonParser.parseString(Files.readString(out)).getAsJsonArray();

        assertThat(result(outputs, 0)).isEqualTo("2");
        assertThat(ofType(outputs, 0, "stream")).as("the kernel's log stays out of the notebook").isEmpty();
        assertThat(ofType(outputs, 1, "display_data")).anySatisfy(o -> assertThat(plain(o)).contains("x"));
        assertThat(ofType(outputs, 1, "execute_result")).as("display(..); shows no display id").isEmpty();
        assertThat(text(outputs, 2)).contains("42").contains("answer");
        assertThat(ofType(outputs, 3, "display_data")).anySatisfy(o -> assertThat(plain(o)).contains("42"));
        assertThat(result(outputs, 4)).isEqualTo("43");
        List<String> refused = error(outputs, 5);
        assertThat(String.join("\n", refused)).contains("QueryRefusedException").contains("refused").contains("DROP");
        assertThat(refused).hasSizeLessThan(10);
        List<String> compile = error(outputs, 6);
        assertThat(String.join("\n", compile)).contains("incompatible types").contains("line 2, column")
                .contains("String s = 42;");
        assertThat(compile).hasSizeLessThan(10);
        assertThat(result(outputs, 7)).isEqualTo("42");
        assertThat(result(outputs, 8)).contains("rdw.warehouse").contains(tmp.resolve("dw").toString());
        assertThat(error(outputs, 9)).containsExactly("IllegalStateException: outer", "caused by IOException: inner");
        assertThat(result(outputs, 10)).contains(tmp.resolve("dw2").toString());
        assertThat(result(outputs, 11)).contains(tmp.resolve("dw2").toString());
        assertThat(result(outputs, 12)).as("an Extension on the class path is installed").isEqualTo("hello from an extension, notebook");
    }

    @Test
    void anInterruptStopsARunningQueryAndTheKernelGoesOn() throws Exception {
        Path out = tmp.resolve("interrupt.json");
        drive("interrupt", out.toString(), "Warehouse.query(\"" + ENDLESS + "\").toList()", "%%sql\n" + ENDLESS);
        JsonObject result = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        System.out.printf("kernel start to first result: %.2f s; interrupt to error reply: %s%n",
                result.get("first_result_seconds").getAsDouble(), result.getAsJsonArray("interrupted").asList().stream()
                        .map(e -> String.format("%.2f s", e.getAsJsonObject().get("seconds").getAsDouble())).toList());
        assertThat(result.getAsJsonObject("first").get("status").getAsString()).isEqualTo("ok");
        assertThat(result.getAsJsonArray("interrupted")).hasSize(2).allSatisfy(e -> {
            JsonObject interrupted = e.getAsJsonObject();
            assertThat(interrupted.get("status").getAsString()).isEqualTo("error");
            assertThat(interrupted.get("seconds").getAsDouble()).isLessThan(15);
            assertThat(interrupted.get("evalue").getAsString()).contains("Interrupted");
        });
        JsonObject after = result.getAsJsonObject("after");
        assertThat(after.get("status").getAsString()).isEqualTo("ok");
        assertThat(after.getAsJsonArray("outputs").asList()).anySatisfy(o -> {
            assertThat(o.getAsJsonObject().get("type").getAsString()).isEqualTo("execute_result");
            assertThat(plain(o.getAsJsonObject().getAsJsonObject("content"))).isEqualTo("2");
        });
    }

    private static void drive(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), tmp.resolve("drive_kernel.py").toString()));
        command.addAll(List.of(args));
        TestJupyter.run(tmp, command);
    }

    private static List<JsonObject> ofType(JsonArray outputs, int cell, String type) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : outputs.get(cell).getAsJsonArray()) {
            if (e.getAsJsonObject().get("output_type").getAsString().equals(type)) {
                out.add(e.getAsJsonObject());
            }
        }
        return out;
    }

    private static String result(JsonArray outputs, int cell) {
        List<JsonObject> results = ofType(outputs, cell, "execute_result");
        assertThat(results).as("cell %d: %s", cell, outputs.get(cell)).hasSize(1);
        return plain(results.get(0));
    }

    /** Everything a cell showed as plain text. */
    private static String text(JsonArray outputs, int cell) {
        StringBuilder b = new StringBuilder();
        for (JsonElement e : outputs.get(cell).getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            b.append(o.has("text") ? o.get("text").getAsString() : o.has("data") ? plain(o) : o.toString()).append('\n');
        }
        return b.toString();
    }

    private static List<String> error(JsonArray outputs, int cell) {
        List<JsonObject> errors = ofType(outputs, cell, "error");
        assertThat(errors).as("cell %d: %s", cell, outputs.get(cell)).hasSize(1);
        List<String> lines = new ArrayList<>();
        errors.get(0).getAsJsonArray("traceback").forEach(l -> lines.add(l.getAsString()));
        return lines;
    }

    private static String plain(JsonObject output) {
        JsonElement text = output.getAsJsonObject("data").get("text/plain");
        return text == null ? "" : text.isJsonArray() ? String.join("", text.getAsJsonArray().asList().stream()
                .map(JsonElement::getAsString).toList()) : text.getAsString();
    }
}
