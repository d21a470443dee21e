package io.redback.rdw.documents;

import io.redback.rdw.helpers.Json;
import io.redback.rdw.helpers.JsonDocuments;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.InvalidInputException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads documents one at a time from a JSON array or from newline-delimited JSON (one document per line; blank lines
 * are skipped), whichever the input is: an array starts with {@code [}. Only one document is in memory at a time.
 * A problem is an {@link InvalidInputException} that carries the source and the line.
 */
final class DocumentReader implements AutoCloseable {
    /** A line longer than this cannot hold a document under 16 MB, even with generous spacing. */
    private static final int MAX_LINE = 2 * DocumentChecks.MAX_BYTES;

    /** A document and the line it starts on. */
    record Item(long line, Map<String, Object> document) {
    }

    private final String source;
    private final InputStream in;
    private final Reader lines;
    private final JsonParser array;
    private final long fromLine;
    private long line;
    private boolean ended;

    private DocumentReader(String source, InputStream in, Reader lines, JsonParser array, long fromLine) {
        this.source = source;
        this.in = in;
        this.lines = lines;
        this.array = array;
        this.fromLine = fromLine;
    }

    /**
     * @param fromLine lines before this one are skipped unread (newline-delimited JSON) or read and dropped (arrays)
     */
    static DocumentReader open(InputStream input, String source, long fromLine) {
        BufferedInputStream in = new BufferedInputStream(input, 1 << 16);
        try {
            if (startsWithBracket(in)) {
                JsonParser parser = JsonDocuments.STRICT.getFactory().createParser(in);
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw new InvalidInputException(source + ": line 1: expected a JSON array", source, 1, null);
                }
                return new DocumentReader(source, in, null, parser, fromLine);
            }
            Reader r = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
            return new DocumentReader(source, in, r, null, fromLine);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot read: " + e.getMessage(), source, 1, e);
        }
    }

    private static boolean startsWithBracket(BufferedInputStream in) throws IOException {
        in.mark(1 << 15);
        try {
            for (int i = 0, b; i < (1 << 15) && (b = in.read()) >= 0; i++) {
                if (b == '[') {
                    return true;
                }
                // whitespace and a UTF-8 byte order mark may come first
                if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0xEF && b != 0xBB && b != 0xBF) {
                    return false;
                }
            }
            return false;
        } finally {
            in.reset();
        }
    }

    /** The next document, or {@code null} at the end. */
    Item next() {
        if (ended) {
            return null;
        }
        return array != null ? nextElement() : nextLine();
    }

    /** The last line read. */
    long line() {
        return array != null ? array.currentLocation().getLineNr() : line;
    }

    private Item nextLine() {
        while (true) {
            String text;
            try {
                text = readLine();
            } catch (CharacterCodingException e) {
                throw bad(line + 1, "not valid UTF-8", e);
            } catch (IOException e) {
                throw bad(line + 1, "cannot read: " + e.getMessage(), e);
            }
            if (text == null) {
                ended = true;
                return null;
            }
            line++;
            if (line < fromLine || text.isBlank()) {
                continue;
            }
            String body = line == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
            try {
                return new Item(line, JsonDocuments.document(body));
            } catch (InvalidInputException e) {
                throw bad(line, e.getMessage(), e);
            }
        }
    }

    /** A line without its terminator ({@code \n} or {@code \r\n}); null at the end. */
    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        boolean any = false;
        while ((c = lines.read()) >= 0) {
            any = true;
            if (c == '\n') {
                break;
            }
            if (b.length() >= MAX_LINE) {
                throw bad(line + 1, "the line is longer than " + MAX_LINE + " characters; a document is at most 16 MB",
                        null);
            }
            b.append((char) c);
        }
        if (!any) {
            return null;
        }
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
    }

    private Item nextElement() {
        while (true) {
            long at = line();
            try {
                JsonToken t = array.nextToken();
                at = array.currentTokenLocation().getLineNr();
                if (t == JsonToken.END_ARRAY) {
                    ended = true;
                    if (array.nextToken() != null) {
                        throw bad(array.currentTokenLocation().getLineNr(), "unexpected content after the array", null);
                    }
                    return null;
                }
                if (t == null) {
                    throw bad(at, "the array is not closed (missing ']')", null);
                }
                if (t != JsonToken.START_OBJECT) {
                    throw bad(at, "an array element must be a JSON object ({...})", null);
                }
                // the parser checks duplicates; a mapper that refuses trailing tokens would refuse the next element
                JsonNode node = Json.MAPPER.readTree(array);
                if (at < fromLine) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> doc = (Map<String, Object>) JsonDocuments.plain(node);
                return new Item(at, doc);
            } catch (JsonProcessingException e) {
                long where = e.getLocation() != null ? e.getLocation().getLineNr() : at;
                throw bad(where, "invalid JSON: " + JsonDocuments.safe(e.getOriginalMessage()), e);
            } catch (IOException e) {
                throw bad(at, "cannot read: " + e.getMessage(), e);
            } catch (InvalidInputException e) {
                if (e.line().isPresent()) {
                    throw e;
                }
                throw bad(at, e.getMessage(), e);
            }
        }
    }

    private InvalidInputException bad(long at, String problem, Throwable cause) {
        ended = true;
        return new InvalidInputException("line " + at + ": " + problem, source, at, cause);
    }

    @Override
    public void close() {
        try {
            if (array != null) {
                array.close();
            }
            in.close();
        } catch (IOException ignored) {
            // reading is over
        }
    }
}
