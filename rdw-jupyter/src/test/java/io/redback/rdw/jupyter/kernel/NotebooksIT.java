package io.redback.rdw.jupyter.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.redback.rdw.tck.InteropClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example notebooks of {@code rdw-examples/notebooks}, executed headless by Jupyter's own nbconvert (as the README
 * tells users to) against the rdw kernel on a fresh warehouse: any cell error fails the test; then each is converted
 * to HTML, and the outputs are checked for what each notebook is there to show.
 */
class NotebooksIT {
    static final Path NOTEBOOKS = Path.of("..", "rdw-examples", "notebooks");
    static final Path JUPYTER = Path.of("/usr/bin/jupyter");

    @TempDir
    static Path tmp;

    @BeforeAll
    static void aKernelspec() throws Exception {
        InteropClients.requireServer(JUPYTER, KernelIT.INSTALL);
        TestJupyter.kernelspec(tmp, tmp.resolve("dw"));
    }

    /** Executes the notebook with nbconvert (failing on any cell error), converts it to HTML; returns its cells. */
    private static JsonArray execute(String name) throws Exception {
        Path executed = tmp.resolve(name + ".executed.ipynb");
        jupyter("nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=120",
                "--output", executed.toString(), NOTEBOOKS.resolve(name + ".ipynb").toAbsolutePath().toString());
        jupyter("nbconvert", "--to", "html", executed.toString());
        Path html = tmp.resolve(name + ".executed.html");
        assertThat(html).as("nbconvert's HTML copy").exists();
        String page = Files.readString(html);
        assertThat(page).contains("<table");
        return JsonParser.parseString(Files.readString(executed)).getAsJsonObject().getAsJsonArray("cells");
    }

    private static void jupyter(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JUPYTER.toString()));
        command.addAll(List.of(args));
        TestJupyter.run(tmp, command);
    }

    /** The MIME bundles a code cell showed (results and displays), in order. */
    private static List<JsonObject> shown(JsonArray cells) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement c : cells) {
            JsonObject cell = c.getAsJsonObject();
            if (!cell.get("cell_type").getAsString().equals("code")) {
                continue;
            }
            for (JsonElement o : cell.getAsJsonArray("outputs")) {
                JsonObject output = o.getAsJsonObject();
                assertThat(output.get("output_type").getAsString()).as("a cell failed: %s", output).isNotEqualTo("error");
                if (output.has("data")) {
                    out.add(output.getAsJsonObject("data"));
                }
            }
        }
        return out;
    }

    private static String joined(JsonObject data, String mime) {
        JsonElement v = data.get(mime);
        return v == null ? "" : v.isJsonArray() ? String.join("", v.getAsJsonArray().asList().stream()
                .map(JsonElement::getAsString).toList()) : v.getAsString();
    }

    @Test
    void quickstartUploadsCleansQueriesChartsAndShowsProvenance() throws Exception {
        List<JsonObject> shown = shown(execute("quickstart"));
        assertThat(shown).anySatisfy(d -> assertThat(joined(d, "text/html")).contains("device_type", "avg_speed", "garmin"));
        assertThat(shown).as("the chart").anySatisfy(d -> {
            byte[] png = Base64.getMimeDecoder().decode(joined(d, "image/png"));
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        });
        assertThat(shown).as("provenance").anySatisfy(d -> assertThat(joined(d, "text/html")).contains("file:uploaded"));
        assertThat(shown).as("a million rows, streamed").anySatisfy(d ->
                assertThat(joined(d, "text/html")).contains("first 50 rows").doesNotContain("<td>999999</td>"));
        assertThat(shown).as("the guard").anySatisfy(d -> assertThat(joined(d, "text/plain")).contains("DROP"));
    }

    @Test
    void pipelinesCleanAndPrepTheSameObject() throws Exception {
        List<JsonObject> shown = shown(execute("pipelines"));
        assertThat(shown).anySatisfy(d -> assertThat(joined(d, "text/plain")).contains("out after clean", "out after ML prep"));
        assertThat(shown).anySatisfy(d -> assertThat(joined(d, "text/html")).contains("speed_z"));
        assertThat(shown).as("the histogram").anySatisfy(d -> assertThat(joined(d, "image/png")).isNotEmpty());
        assertThat(shown).anySatisfy(d -> assertThat(joined(d, "text/plain")).contains("REUSED"));
    }

    @Test
    void documentsAreFoundAndShownAsATable() throws Exception {
        List<JsonObject> shown = shown(execute("documents"));
        assertThat(shown).anySatisfy(d -> assertThat(joined(d, "text/plain")).isEqualTo("3"));
        assertThat(shown).anySatisfy(d -> assertThat(joined(d, "text/html")).contains("Rides", "Sensors", "_id"));
    }
}
