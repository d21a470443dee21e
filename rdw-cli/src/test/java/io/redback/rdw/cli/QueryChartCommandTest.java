package io.redback.rdw.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** rdw query --chart: the result drawn into a PNG or SVG file, on an embedded warehouse in a temporary folder. */
class QueryChartCommandTest {
    static final String DEVICES = "SELECT * FROM (VALUES ('garmin', 12), ('wahoo', 7), ('polar', 3)) AS t(device, n)";

    @TempDir
    Path dir;

    private CommandRun rdw(String... args) {
        return CommandRun.in(dir.resolve("wh"), args);
    }

    @Test
    void drawsABarChartIntoAPngAndSaysWhatItWrote() throws Exception {
        assertThat(rdw("init").code()).isZero();
        Path png = dir.resolve("rides.png");
        CommandRun run = rdw("query", DEVICES, "--chart", "bar", "--x", "device", "--y", "n", "--title", "Rides", "--output",
                png.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("bar chart of n by device, 3 rows written to " + png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(500);
    }

    @Test
    void drawsAHistogramIntoAnSvg() throws Exception {
        assertThat(rdw("init").code()).isZero();
        Path svg = dir.resolve("n.svg");
        CommandRun run = rdw("query", "SELECT n % 10 AS v FROM \"range\"(500) AS t(n)", "--chart", "histogram", "--x", "v",
                "--bins", "5", "-o", svg.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("histogram of v (5 bins), 500 rows written to " + svg);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        assertThat(f.newDocumentBuilder().parse(svg.toFile()).getDocumentElement().getTagName()).isEqualTo("svg");
    }

    @Test
    void refusesAnExistingFileUnlessToldToOverwrite() throws Exception {
        assertThat(rdw("init").code()).isZero();
        Path png = Files.writeString(dir.resolve("taken.png"), "mine");
        CommandRun refused = rdw("query", DEVICES, "--chart", "bar", "--output", png.toString());
        assertThat(refused.code()).isEqualTo(Main.REFUSED);
        assertThat(refused.err()).contains("already exists");
        assertThat(Files.readString(png)).isEqualTo("mine");

        CommandRun replaced = rdw("query", DEVICES, "--chart", "bar", "--output", png.toString(), "--overwrite");
        assertThat(replaced.code()).as(replaced.err()).isZero();
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(800);
    }

    @Test
    void aChartWithoutAnOutputOrWithBadColumnsIsRefused() throws Exception {
        assertThat(rdw("init").code()).isZero();
        CommandRun noOutput = rdw("query", DEVICES, "--chart", "bar");
        assertThat(noOutput.code()).isEqualTo(2);
        assertThat(noOutput.err()).contains("--chart needs --output");
        assertThat(rdw("query", DEVICES, "--x", "device").code()).isEqualTo(2);
        assertThat(rdw("query", DEVICES, "--chart", "pie", "-o", dir.resolve("p.png").toString()).code()).isEqualTo(2);

        CommandRun missing = rdw("query", DEVICES, "--chart", "bar", "--x", "colour", "-o", dir.resolve("a.png").toString());
        assertThat(missing.code()).isEqualTo(Main.INVALID_INPUT);
        assertThat(missing.err()).contains("no column 'colour'", "device (VARCHAR)", "n (INTEGER)");
        CommandRun text = rdw("query", DEVICES, "--chart", "histogram", "--x", "device", "-o", dir.resolve("b.png").toString());
        assertThat(text.code()).isEqualTo(Main.INVALID_INPUT);
        assertThat(text.err()).contains("'device' is VARCHAR");
        assertThat(dir.resolve("a.png")).doesNotExist();
        assertThat(dir.resolve("b.png")).doesNotExist();
    }
}
