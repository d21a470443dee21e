package io.redback.rdw;

import java.util.Optional;

/**
 * Content a scanner refused before anything was stored: a signature it found (a virus scanner names it), content too
 * large to scan, or a scanner that could not be asked and is configured to refuse then (fail closed). The message says
 * which; {@link #signature()} names the finding when there is one. Nothing of the refused write is stored in its
 * target, and the warehouse records one {@code file:rejected} provenance event for it. When a quarantine bucket is
 * configured ({@code rdw.scan.quarantine-bucket}), content refused for a finding is kept there instead:
 * {@link #quarantined()} says where.
 */
public class ContentRejectedException extends ForbiddenException {
    private static final long serialVersionUID = 1L;

    private final String signature;
    private final String quarantined;

    /** A refusal without a finding (e.g. the scanner could not be reached). */
    public ContentRejectedException(String message, Throwable cause) {
        super(message, cause);
        this.signature = null;
        this.quarantined = null;
    }

    /** A refusal because of {@code signature}, the finding's name, e.g. {@code Eicar-Test-Signature}. */
    public ContentRejectedException(String message, String signature) {
        super(message);
        this.signature = signature;
        this.quarantined = null;
    }

    /** The same refusal, its content kept in quarantine as {@code bucket/key}. */
    ContentRejectedException(ContentRejectedException refused, String quarantined) {
        super(refused.getMessage() + "; a copy is kept in quarantine as " + quarantined, refused);
        this.signature = refused.signature;
        this.quarantined = quarantined;
    }

    /** What was found, when the scanner found something; empty when it refused for another reason. */
    public Optional<String> signature() {
        return Optional.ofNullable(signature);
    }

    /** Where the refused content is kept ({@code bucket/key}), when it went to quarantine. */
    public Optional<String> quarantined() {
        return Optional.ofNullable(quarantined);
    }
}
