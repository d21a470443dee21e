package io.redback.rdw.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LineStartsTest {

    @Test
    void countsLinesAtEachKindOfBreakAndColumnsInUtf16Units() {
        LineStarts lines = new LineStarts("ab\ncd\r\nef\rg\uD83D\uDE00h\n\ri");

        assertThat(lines.offset(1, 1)).isZero();
        assertThat(lines.offset(1, 2)).isEqualTo(1);
        assertThat(lines.offset(2, 1)).isEqualTo(3);
        assertThat(lines.offset(3, 2)).isEqualTo(8);
        assertThat(lines.offset(4, 4)).isEqualTo(13); // after the two units of the emoji
        assertThat(lines.offset(6, 1)).isEqualTo(16); // \n then \r: two breaks
    }

    @Test
    void refusesPositionsOutsideTheText() {
        LineStarts lines = new LineStarts("ab\ncd");

        assertThatIllegalArgumentException().isThrownBy(() -> lines.offset(0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> lines.offset(1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> lines.offset(3, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> lines.offset(2, 3));
    }

    @Test
    void turnsOffsetsBackIntoLinesAndColumns() {
        String text = "ab\ncd\r\nef\rg\uD83D\uDE00h\n\ri";
        LineStarts lines = new LineStarts(text);

        for (int offset = 0; offset < text.length(); offset++) {
            LineStarts.Position at = lines.position(offset);
            if (text.charAt(offset) != '\n' || offset == 0 || text.charAt(offset - 1) != '\r') {
                assertThat(lines.offset(at.line(), at.column())).as("offset %d", offset).isEqualTo(offset);
            }
        }
        assertThat(lines.position(13)).isEqualTo(new LineStarts.Position(4, 4));
        assertThatIllegalArgumentException().isThrownBy(() -> lines.position(text.length()));
    }
}
