package io.redback.rdw.internal;

import io.redback.rdw.helpers.Values;
import io.redback.rdw.Column;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Row;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Maps rows onto a Java record: each component takes the column of the same name (ignoring case and underscores, so
 * {@code heart_rate_bpm} fills {@code heartRateBpm}), with the usual number conversions.
 */
public final class RecordMapper<R> {
    private final Class<R> type;
    private final Constructor<R> constructor;
    private final int[] columnOf;
    private final Class<?>[] componentTypes;

    public RecordMapper(Class<R> type, List<Column> columns) {
        if (!type.isRecord()) {
            throw new InvalidInputException(type.getName() + " is not a record");
        }
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        componentTypes = new Class<?>[components.length];
        columnOf = new int[components.length];
        for (int i = 0; i < components.length; i++) {
            componentTypes[i] = components[i].getType();
            columnOf[i] = find(components[i].getName(), columns);
            if (columnOf[i] < 0) {
                throw new InvalidInputException("record " + type.getSimpleName() + " has a component '"
                        + components[i].getName() + "' but the result has no such column; columns are "
                        + columns.stream().map(Column::name).toList());
            }
        }
        try {
            constructor = type.getDeclaredConstructor(componentTypes);
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a record always has its canonical constructor", e);
        }
    }

    private static String key(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static int find(String component, List<Column> columns) {
        for (int i = 0; i < columns.size(); i++) {
            if (key(columns.get(i).name()).equals(key(component))) {
                return i;
            }
        }
        return -1;
    }

    public R map(Row row) {
        Object[] args = new Object[columnOf.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = convert(row.get(columnOf[i]), componentTypes[i], i);
        }
        try {
            return constructor.newInstance(args);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new InvalidInputException("cannot make a " + type.getSimpleName() + " from " + row + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private Object convert(Object v, Class<?> target, int component) {
        if (v == null) {
            if (target.isPrimitive()) {
                throw new InvalidInputException(type.getSimpleName() + "." + type.getRecordComponents()[component].getName()
                        + " is a " + target + " but the value is null; use a wrapper type");
            }
            return null;
        }
        if (target.isInstance(v)) {
            return v;
        }
        if (v instanceof Number n) {
            if (target == long.class || target == Long.class) {
                return n.longValue();
            }
            if (target == int.class || target == Integer.class) {
                return n.intValue();
            }
            if (target == double.class || target == Double.class) {
                return n.doubleValue();
            }
            if (target == float.class || target == Float.class) {
                return n.floatValue();
            }
            if (target == short.class || target == Short.class) {
                return n.shortValue();
            }
            if (target == BigDecimal.class) {
                return new BigDecimal(n.toString());
            }
            if (target == BigInteger.class) {
                return new BigInteger(n.toString());
            }
        }
        if (target == String.class) {
            return Values.text(v);
        }
        if (target == LocalDate.class && v instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        if ((target == boolean.class || target == Boolean.class) && v instanceof String s) {
            return Boolean.parseBoolean(s);
        }
        throw new InvalidInputException("cannot put a " + v.getClass().getSimpleName() + " into "
                + type.getSimpleName() + "." + type.getRecordComponents()[component].getName() + " (" + target.getSimpleName() + ")");
    }
}
