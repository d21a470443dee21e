package io.redback.rdw;

import io.redback.rdw.helpers.Names;

import java.time.Year;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * Where a dataset lives inside a layer, following the warehouse's folder convention
 * {@code project/YYYY/tN_task/student}; task and student are optional (a student needs a task).
 * Every segment is validated against a safe character set when the location is built.
 *
 * <pre>{@code
 * DatasetLocation.of("project1").task("t1_rides").student("s223344")   // project1/2025/t1_rides/s223344/
 * }</pre>
 */
public record DatasetLocation(String project, int year, String task, String student) {
    private static final Pattern TASK = Pattern.compile("t[0-9]{1,3}_[A-Za-z0-9][A-Za-z0-9_-]*");

    public DatasetLocation {
        Names.simple("project", project, 64);
        if (year < 1000 || year > 9999) {
            throw new InvalidInputException("year " + year + " is not a four-digit year");
        }
        if (task != null) {
            if (task.length() > 64 || !TASK.matcher(task).matches()) {
                throw new InvalidInputException("task " + Names.printable(task)
                        + " does not follow the convention tN_name (for example t1_rides): 't', a number, '_', "
                        + "then letters, digits, '_' or '-', at most 64 characters");
            }
        }
        if (student != null) {
            if (task == null) {
                throw new InvalidInputException("a student folder needs a task: the convention is project/YYYY/tN_task/student");
            }
            Names.simple("student", student, 64);
        }
    }

    /** The project's folder for the current UTC year. */
    public static DatasetLocation of(String project) {
        return new DatasetLocation(project, Year.now(ZoneOffset.UTC).getValue(), null, null);
    }

    /**
     * Parses {@code project/YYYY[/tN_task[/student]]} (a trailing slash is fine).
     */
    public static DatasetLocation parse(String path) {
        String body = path == null ? "" : path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String[] parts = body.split("/", -1);
        if (parts.length < 2 || parts.length > 4) {
            throw new InvalidInputException("dataset location " + Names.printable(path)
                    + " does not follow project/YYYY[/tN_task[/student]]");
        }
        int year;
        try {
            year = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("dataset location " + Names.printable(path) + ": "
                    + Names.printable(parts[1]) + " is not a year");
        }
        return new DatasetLocation(parts[0], year, parts.length > 2 ? parts[2] : null, parts.length > 3 ? parts[3] : null);
    }

    public DatasetLocation year(int newYear) {
        return new DatasetLocation(project, newYear, task, student);
    }

    public DatasetLocation task(String newTask) {
        return new DatasetLocation(project, year, newTask, student);
    }

    public DatasetLocation student(String newStudent) {
        return new DatasetLocation(project, year, task, newStudent);
    }

    /** The key prefix of this location, ending with {@code /}. */
    public String prefix() {
        StringBuilder b = new StringBuilder(project).append('/').append(year).append('/');
        if (task != null) {
            b.append(task).append('/');
        }
        if (student != null) {
            b.append(student).append('/');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return prefix();
    }
}
