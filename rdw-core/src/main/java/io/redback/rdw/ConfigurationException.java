package io.redback.rdw;

/** A setting that is missing or malformed. The message names the configuration key and the environment variable. */
public class ConfigurationException extends RdwException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
