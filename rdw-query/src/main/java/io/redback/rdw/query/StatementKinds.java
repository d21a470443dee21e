package io.redback.rdw.query;

import io.redback.rdw.query.SqlTokens.Token;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSetOption;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names a refused statement the way Dremio's SQL reference does ({@code CREATE TABLE}, {@code ALTER PDS},
 * {@code MERGE BRANCH}, {@code GRANT}, ...). The names only word a refusal: whether a statement may run is decided
 * by the parser alone, and a statement the parser does not understand is refused whatever its words.
 */
final class StatementKinds {

    /** Objects named after each verb that takes one, as Dremio's commands do; VDS is Dremio's old word for a view. */
    private static final Set<String> CATALOG_OBJECTS = Set.of(
            "TABLE", "VIEW", "VDS", "PIPE", "SPACE", "FOLDER", "SOURCE", "USER", "ROLE", "FUNCTION", "BRANCH", "TAG",
            "SCHEMA");
    private static final Map<String, Set<String>> OBJECTS = Map.of(
            "CREATE", CATALOG_OBJECTS,
            "DROP", CATALOG_OBJECTS,
            "ALTER", Set.of("TABLE", "VIEW", "VDS", "DATASET", "PDS", "PIPE", "SPACE", "FOLDER", "SOURCE", "SESSION",
                    "SYSTEM", "USER", "ROLE", "FUNCTION", "ENGINE"),
            "ASSIGN", Set.of("BRANCH", "TAG"),
            "MERGE", Set.of("BRANCH"),
            "COPY", Set.of("INTO"));

    /** Words that start a statement which is not a query, named by themselves (or by their object, see above). */
    private static final Set<String> VERBS = Set.of(
            "ALTER", "ANALYZE", "ASSIGN", "BEGIN", "CALL", "COMMENT", "COMMIT", "COPY", "CREATE", "DELETE", "DESC",
            "DESCRIBE", "DROP", "EXEC", "EXECUTE", "EXPLAIN", "GRANT", "INSERT", "LOAD", "MERGE", "OPTIMIZE",
            "REFRESH", "RENAME", "REPLACE", "RESET", "REVOKE", "ROLLBACK", "SET", "SHOW", "START", "TRUNCATE",
            "UPDATE", "UPSERT", "USE", "VACUUM");

    private static final Map<String, String> SYNONYMS = Map.of("VDS", "VIEW", "DESC", "DESCRIBE");

    private static final Set<String> DATA_CHANGES = Set.of("INSERT", "UPSERT", "UPDATE", "DELETE", "MERGE");
    private static final Set<String> SETTINGS = Set.of("SET", "RESET", "ALTER SESSION", "ALTER SYSTEM");

    private static final String ONLY_QUERIES =
            "only read-only queries (SELECT, WITH, VALUES, set operations) are allowed";

    private StatementKinds() {
    }

    /** Why a statement of this kind is refused; the reason starts with the kind. */
    static String refusal(String kind) {
        if (DATA_CHANGES.contains(kind)) {
            return kind + " statements change data; " + ONLY_QUERIES;
        }
        if (SETTINGS.contains(kind)) {
            return kind + " statements change settings; " + ONLY_QUERIES;
        }
        return kind + " statements are not allowed: " + ONLY_QUERIES;
    }

    /** The kind of a statement the parser understood but that is not a query. */
    static String of(SqlNode statement) {
        SqlKind kind = statement.getKind();
        return switch (kind) {
            case SET_OPTION -> setOption((SqlSetOption) statement);
            case INSERT -> ((SqlInsert) statement).isUpsert() ? "UPSERT" : "INSERT";
            case DESCRIBE_TABLE, DESCRIBE_SCHEMA -> "DESCRIBE";
            case PROCEDURE_CALL -> "CALL";
            default -> kind.name().replace('_', ' ');
        };
    }

    /** SET and RESET change the session; ALTER SESSION|SYSTEM name their scope. */
    private static String setOption(SqlSetOption option) {
        if (option.getScope() != null) {
            return "ALTER " + option.getScope().toUpperCase(Locale.ROOT);
        }
        return option.getValue() == null ? "RESET" : "SET";
    }

    /**
     * The kind named by the words at token {@code index}, or {@code null} when they do not start a statement that
     * Dremio would run as something other than a query.
     */
    static String at(String sql, List<Token> tokens, int index) {
        if (index >= tokens.size()) {
            return null;
        }
        String verb = word(sql, tokens, index);
        if (!VERBS.contains(verb)) {
            return null;
        }
        int next = index + 1;
        if (verb.equals("CREATE") && word(sql, tokens, next).equals("OR") && word(sql, tokens, next + 1)
                .equals("REPLACE")) {
            next += 2; // CREATE OR REPLACE VIEW is still CREATE VIEW
        }
        String object = word(sql, tokens, next);
        if (OBJECTS.getOrDefault(verb, Set.of()).contains(object)) {
            return verb + " " + SYNONYMS.getOrDefault(object, object);
        }
        return SYNONYMS.getOrDefault(verb, verb);
    }

    /** The upper-cased unquoted word at {@code index}, or "" for anything else. */
    private static String word(String sql, List<Token> tokens, int index) {
        if (index >= tokens.size() || tokens.get(index).type() != SqlTokens.Type.WORD) {
            return "";
        }
        return SqlTokens.upper(sql, tokens.get(index));
    }
}
