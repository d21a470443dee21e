package io.redback.rdw;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetLocationTest {

    @Test
    void buildsTheConventionalPrefix() {
        DatasetLocation loc = new DatasetLocation("project1", 2025, "t1_rides", "s223344");
        assertThat(loc.prefix()).isEqualTo("project1/2025/t1_rides/s223344/");
        assertThat(new DatasetLocation("project1", 2025, null, null).prefix()).isEqualTo("project1/2025/");
        assertThat(DatasetLocation.parse("project-3/2024/t2_heart-rate/")).isEqualTo(
                new DatasetLocation("project-3", 2024, "t2_heart-rate", null));
    }

    @Test
    void refusesSegmentsOutsideTheConvention() {
        assertThatThrownBy(() -> DatasetLocation.of("../x")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("project");
        assertThatThrownBy(() -> DatasetLocation.of("project1").task("rides")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tN_name");
        assertThatThrownBy(() -> DatasetLocation.of("project1").student("s1")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs a task");
        assertThatThrownBy(() -> DatasetLocation.of("project1").year(25)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DatasetLocation.of("project1").task("t1_a").student("a/b"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DatasetLocation.of("p\u202e1")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("\\u202e");
        assertThatThrownBy(() -> DatasetLocation.parse("project1/twenty")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a year");
    }
}
