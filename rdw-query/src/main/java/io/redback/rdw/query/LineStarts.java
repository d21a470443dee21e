package io.redback.rdw.query;

import java.util.Arrays;

/**
 * Turns Calcite's 1-based line/column positions back into offsets in the text it parsed. Calcite's lexer counts a
 * column per UTF-16 unit (a tab is one column, an emoji two) and ends a line at {@code \n}, {@code \r\n} or
 * {@code \r}, so an offset is the line's start plus the column minus one.
 */
final class LineStarts {

    /** A 1-based line and column, as Calcite reports them. */
    record Position(int line, int column) {
    }

    private final int[] starts;
    private final int length;

    LineStarts(String text) {
        int[] found = new int[16];
        int count = 0;
        found[count++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                i++; // \r\n is one line break
            } else if (c != '\r' && c != '\n') {
                continue;
            }
            if (count == found.length) {
                found = Arrays.copyOf(found, count * 2);
            }
            found[count++] = i + 1;
        }
        this.starts = Arrays.copyOf(found, count);
        this.length = text.length();
    }

    /** Offset of the character at a 1-based line and column. */
    int offset(int line, int column) {
        if (line < 1 || line > starts.length || column < 1) {
            throw new IllegalArgumentException("no text at line " + line + ", column " + column);
        }
        int lineEnd = line < starts.length ? starts[line] : length;
        int offset = starts[line - 1] + column - 1;
        if (offset >= lineEnd) {
            throw new IllegalArgumentException("no text at line " + line + ", column " + column);
        }
        return offset;
    }

    /** The 1-based line and column of the character at an offset (the inverse of {@link #offset(int, int)}). */
    Position position(int offset) {
        if (offset < 0 || offset >= length) {
            throw new IllegalArgumentException("no character at offset " + offset);
        }
        int found = Arrays.binarySearch(starts, offset);
        int line = found >= 0 ? found : -found - 2; // the last line starting at or before the offset
        return new Position(line + 1, offset - starts[line] + 1);
    }
}
