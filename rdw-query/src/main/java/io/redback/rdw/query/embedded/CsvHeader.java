package io.redback.rdw.query.embedded;

import io.redback.rdw.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the header record of a CSV file (RFC 4180: comma separated, double-quoted fields, doubled quotes inside)
 * before the SQL engine reads the rest, so the column names are exactly the file's and the obvious problems
 * (an empty file, a binary file, a header that is not UTF-8) get a precise message.
 */
final class CsvHeader {
    /** A header longer than this is not a header. */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private final List<String> names;
    private final boolean bom;

    private CsvHeader(List<String> names, boolean bom) {
        this.names = names;
        this.bom = bom;
    }

    List<String> names() {
        return names;
    }

    boolean hasBom() {
        return bom;
    }

    static CsvHeader read(Path file, String label) {
        return read(file, label, ',');
    }

    static CsvHeader read(Path file, String label, char delimiter) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAX_HEADER_BYTES + 4);
        } catch (IOException e) {
            throw new InvalidInputException(label + ": cannot read: " + e.getMessage(), label, -1, e);
        }
        int start = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
        if (head.length - start == 0 || isBlank(head, start)) {
            throw new InvalidInputException(label + ": the file is empty; a CSV file needs a header line and data rows", label, 1, null);
        }
        int end = endOfRecord(head, start);
        if (end < 0) {
            throw new InvalidInputException(label + ": line 1: the header is not a CSV header (no line end within "
                    + MAX_HEADER_BYTES + " bytes, or a quote that is never closed)", label, 1, null);
        }
        for (int i = start; i < end; i++) {
            if (head[i] == 0) {
                throw new InvalidInputException(label + ": this is a binary file, not a CSV text file (a NUL byte in line 1)",
                        label, 1, null);
            }
        }
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head, start, end - start));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(label + ": line 1 is not valid UTF-8; save the file as UTF-8 and try again",
                    label, 1, e);
        }
        return new CsvHeader(split(text, label, delimiter), start == 3);
    }

    private static boolean isBlank(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n') {
                return false;
            }
        }
        return true;
    }

    /** Index of the first line end outside quotes (or the end of a file that has no line end), -1 if none. */
    private static int endOfRecord(byte[] b, int from) {
        boolean quoted = false;
        for (int i = from; i < b.length; i++) {
            if (b[i] == '"') {
                quoted = !quoted;
            } else if (!quoted && (b[i] == '\n' || b[i] == '\r')) {
                return i;
            }
        }
        return quoted || b.length > MAX_HEADER_BYTES ? -1 : b.length;
    }

    /** The header's fields, parsed by Commons CSV with RFC 4180 quoting (doubled quotes inside quoted fields). */
    private static List<String> split(String line, String label, char delimiter) {
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).get();
        try (CSVParser parser = CSVParser.parse(line, format)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.isEmpty()) {
                return List.of("");
            }
            return new ArrayList<>(records.get(0).toList());
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException(label + ": line 1: the header is not valid CSV: text after the closing "
                    + "quote of a field, or a quote inside an unquoted field", label, 1, e);
        }
    }
}
