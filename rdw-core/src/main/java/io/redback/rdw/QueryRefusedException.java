package io.redback.rdw;

/** A statement the SELECT-only guard refused. Nothing was sent to the engine. */
public class QueryRefusedException extends ForbiddenException {
    private static final long serialVersionUID = 1L;

    private final transient QueryCheck check;

    public QueryRefusedException(QueryCheck check) {
        super("query refused: " + check.reason());
        this.check = check;
    }

    /** The guard's verdict, with the statement kind and the reason. */
    public QueryCheck check() {
        return check;
    }
}
