package io.redback.rdw.jupyter;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.QueryResult;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.AtomicFiles;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Charts of real query results: PNG and SVG that decode, files, and errors that name the columns. */
class ChartTest {
    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static final String DEVICES = "SELECT * FROM (VALUES ('garmin', 12, 1.5), ('wahoo', 7, 2.5), ('polar', 3, 0.5)) "
            + "AS t(device, n, speed)";

    @TempDir
    Path dir;
    WarehouseClient dw;

    @BeforeEach
    void open() {
        RdwConfig cfg = RdwConfig.builder().noFile().environment(Map.of()).warehouse(dir.resolve("wh")).build();
        dw = WarehouseClient.builder().config(cfg).build();
    }

    @AfterEach
    void close() {
        dw.close();
    }

    private QueryResult devices() {
        return dw.query(DEVICES);
    }

    static BufferedImage decodePng(byte[] png) throws Exception {
        assertThat(Arrays.copyOf(png, 8)).isEqualTo(PNG_SIGNATURE);
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    static Document parseSvg(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        // the SVG may name its DTD: this test reads no network
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aBarChartIsAPngOf800By500() throws Exception {
        Chart chart = Chart.bar(devices()).x("device").y("n").title("Rides by device");
        BufferedImage image = decodePng(chart.toPng());
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(500);
        assertThat(chart).hasToString("bar chart of n by device, 3 rows");
        // drawn again from the rows read the first time: a result can be read once, a chart drawn many times
        assertThat(decodePng(chart.size(400, 300).toPng()).getWidth()).isEqualTo(400);
    }

    @Test
    void anSvgParsesAsXmlWithAnSvgRoot() throws Exception {
        String svg = Chart.scatter(devices()).x("n").y("speed").toSvg();
        Document doc = parseSvg(svg);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getAttribute("viewBox")).isEqualTo("0 0 800 500");
    }

    @Test
    void lineChartsTakeDatesAndHistogramsCountIntoBins() throws Exception {
        QueryResult days = dw.query("SELECT * FROM (VALUES (DATE '2025-03-02', 5), (DATE '2025-03-01', 3), "
                + "(DATE '2025-03-03', 8)) AS t(d, rides)");
        assertThat(decodePng(Chart.line(days).x("d").y("rides").toPng()).getWidth()).isEqualTo(800);
        Chart histogram = Chart.histogram(dw.query("SELECT n % 97 AS v FROM \"range\"(5000) AS t(n)"), "v").bins(10);
        assertThat(decodePng(histogram.toPng()).getHeight()).isEqualTo(500);
        assertThat(histogram).hasToString("histogram of v (10 bins), 5,000 rows");
        // one distinct value still makes a histogram
        assertThat(decodePng(Chart.histogram(dw.query("SELECT 4 AS v"), "v").toPng())).isNotNull();
    }

    @Test
    void withoutXAndYTheFirstColumnAndTheFirstNumberAreDrawn() {
        Chart chart = Chart.bar(devices());
        chart.toPng();
        assertThat(chart).hasToString("bar chart of n by device, 3 rows");
    }

    @Test
    void aMissingColumnIsAnErrorThatListsTheColumns() {
        assertThatThrownBy(() -> Chart.bar(devices()).x("colour"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no column 'colour'").hasMessageContaining("device (VARCHAR)")
                .hasMessageContaining("n (INTEGER)").hasMessageContaining("speed (DECIMAL)");
        assertThatThrownBy(() -> Chart.histogram(devices(), "nope")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no column 'nope'");
    }

    @Test
    void aNonNumericColumnIsAnErrorThatNamesItsType() {
        assertThatThrownBy(() -> Chart.bar(devices()).y("device")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'device' is VARCHAR").hasMessageContaining("y must be numeric");
        assertThatThrownBy(() -> Chart.histogram(devices(), "device")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'device' is VARCHAR").hasMessageContaining("must be numeric");
        assertThatThrownBy(() -> Chart.scatter(devices()).x("device")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'device' is VARCHAR");
        assertThatThrownBy(() -> Chart.bar(dw.query("SELECT 'a' AS s, 'b' AS t")).toPng())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no numeric column for y");
    }

    @Test
    void moreRowsThanTheCapAreDrawnFromTheFirstAndTheChartSaysSo() throws Exception {
        Chart chart = Chart.line(dw.query("SELECT n, n * n AS sq FROM \"range\"(1000) AS t(n)")).maxPoints(100);
        assertThat(decodePng(chart.toPng())).isNotNull();
        assertThat(chart.toString()).isEqualTo("line chart of sq by n, 100 rows (the first 100; there are more)");
    }

    @Test
    void saveChoosesTheFormatByExtensionAndNeverOverwritesUnlessAsked() throws Exception {
        Chart chart = Chart.bar(devices());
        Path png = chart.save(dir.resolve("out/rides.png"));
        assertThat(decodePng(Files.readAllBytes(png)).getWidth()).isEqualTo(800);
        Path svg = chart.save(dir.resolve("rides.SVG"));
        assertThat(parseSvg(Files.readString(svg)).getDocumentElement().getTagName()).endsWith("svg");

        Files.writeString(dir.resolve("taken.png"), "mine");
        assertThatThrownBy(() -> chart.save(dir.resolve("taken.png"))).isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("already exists");
        assertThat(Files.readString(dir.resolve("taken.png"))).isEqualTo("mine");
        chart.save(dir.resolve("taken.png"), AtomicFiles.Existing.REPLACE);
        assertThat(decodePng(Files.readAllBytes(dir.resolve("taken.png")))).isNotNull();

        assertThatThrownBy(() -> chart.save(dir.resolve("rides.pdf"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(".png or .svg");
    }

    @Test
    void aNotebookShowsAChartAsAPngAndAsSvgWhenAsked() throws Exception {
        Renderer renderer = new Renderer();
        RdwDisplay.register(renderer);
        Chart chart = Chart.bar(devices()).x("device").y("speed");
        DisplayData d = renderer.render(chart);
        assertThat(decodePng(Base64.getDecoder().decode((String) d.getData(MIMEType.IMAGE_PNG))).getWidth()).isEqualTo(800);
        assertThat((String) d.getData(MIMEType.TEXT_PLAIN)).isEqualTo("bar chart of speed by device, 3 rows");
        assertThat(d.hasDataForType(MIMEType.IMAGE_SVG)).isFalse();
        DisplayData svg = renderer.renderAs(chart, "image/svg+xml");
        assertThat((String) svg.getData(MIMEType.IMAGE_SVG)).contains("<svg");
    }
}
