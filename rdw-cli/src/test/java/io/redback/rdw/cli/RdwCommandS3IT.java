package io.redback.rdw.cli;

import io.redback.rdw.storage.s3.S3Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The rdw command against S3, configured the way a user would (here through system properties). */
class RdwCommandS3IT {
    @TempDir
    Path dir;
    S3Server server;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        server = new S3Server(dir.resolve("s3"));
        System.setProperty("rdw.s3.endpoint", server.endpoint());
        System.setProperty("rdw.s3.access-key", S3Server.ACCESS_KEY);
        System.setProperty("rdw.s3.secret-key", S3Server.SECRET_KEY);
        System.setProperty("rdw.warehouse", dir.resolve("local").toString());
    }

    @AfterEach
    void stop() throws Exception {
        for (String key : new String[]{"rdw.s3.endpoint", "rdw.s3.access-key", "rdw.s3.secret-key", "rdw.warehouse"}) {
            System.clearProperty(key);
        }
        server.close();
    }

    private Run rdw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(out + err.toString()).doesNotContain(S3Server.SECRET_KEY);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void initsUploadsListsGetsAndShares() throws Exception {
        Run init = rdw("init");
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("storage: s3:" + server.endpoint(), "bronze: dw-bucket-bronze (created)");
        assertThat(rdw("init").out()).contains("bronze: dw-bucket-bronze (exists)");

        Path file = Files.writeString(dir.resolve("rides.csv"), "id,speed\n1,12.5\n");
        Run up = rdw("upload", file.toString(), "--project", "project1");
        assertThat(up.code()).as(up.err()).isZero();
        String key = up.out().strip();
        assertThat(rdw("ls", "bronze", "--project", "project1").out().strip()).isEqualTo(key);

        Path copy = dir.resolve("copy.csv");
        assertThat(rdw("get", "bronze", key, "--output", copy.toString()).code()).isZero();
        assertThat(copy).hasSameTextualContentAs(file);

        Run share = rdw("share", "bronze", key, "--expires", "15m");
        assertThat(share.code()).as(share.err()).isZero();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(share.out().strip())).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("id,speed\n1,12.5\n");

        Run overwrite = rdw("upload", file.toString(), "--project", "project1", "--overwrite");
        assertThat(overwrite.code()).isEqualTo(Main.REFUSED);
        assertThat(rdw("share", "bronze", key, "--expires", "soon").code()).isEqualTo(Main.INVALID_INPUT);
    }

    @Test
    void explainsAServerThatIsDown() throws Exception {
        server.stop();
        Run r = rdw("ls", "bronze");
        assertThat(r.code()).isEqualTo(Main.UNAVAILABLE);
        assertThat(r.err()).contains("cannot reach the S3 server at " + server.endpoint());
    }

    @Test
    void explainsAMissingBucket() {
        Run r = rdw("ls", "bronze");
        assertThat(r.code()).isEqualTo(Main.NOT_FOUND);
        assertThat(r.err()).contains("rdw init");
    }

    @Test
    void showsSizesHumanly() {
        assertThat(ProgressBar.size(512)).isEqualTo("512 B");
        assertThat(ProgressBar.size(3L << 30)).isEqualTo("3.0 GiB");
        assertThat(ShareCommand.duration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(ShareCommand.duration("7d")).isEqualTo(Duration.ofDays(7));
    }
}
