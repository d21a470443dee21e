package io.redback.rdw;

import java.util.Optional;

/**
 * Content a scanner refused before anything was stored: a signature it found (a virus scanner names it), content too
 * large to scan, or a scanner that could not be asked and is configured to refuse then (fail closed). The message says
 * which; {@link #signature()} names the finding when there is one. Nothing of the refused write is stored, and the
 * warehouse records one {@code file:rejected} provenance event for it.
 */
public class ContentRejectedException extends ForbiddenException {
    private static final long serialVersionUID = 1L;

    private final String signature;

    /** A refusal without a finding (e.g. the scanner could not be reached). */
    public ContentRejectedException(String message, Throwable cause) {
        super(message, cause);
        this.signature = null;
    }

    /** A refusal because of {@code signature}, the finding's name, e.g. {@code Eicar-Test-Signature}. */
    public ContentRejectedException(String message, String signature) {
        super(message);
        this.signature = signature;
    }

    /** What was found, when the scanner found something; empty when it refused for another reason. */
    public Optional<String> signature() {
        return Optional.ofNullable(signature);
    }
}
