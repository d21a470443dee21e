package io.redback.rdw.etl.contracts;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.helpers.Hashing;
import io.redback.rdw.helpers.Names;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A data contract in the Open Data Contract Standard (ODCS v3.1.0, or v3.0.x), read and validated against the
 * official JSON Schema of its version: what a dataset must hold before it reaches silver. Immutable.
 *
 * <pre>{@code
 * Contract rides = Contract.read(Path.of("rides.odcs.yaml"));
 * ContractReport report = Contracts.check(ObjectRef.parse("silver:project1/2025/rides_processed.parquet"), rides);
 * }</pre>
 *
 * @see Contracts
 */
public final class Contract {
    /** Larger contracts are refused: a contract is a page of YAML, not data. */
    public static final int MAX_BYTES = 1 << 20;

    private final String apiVersion;
    private final String id;
    private final String version;
    private final String status;
    private final String name;
    private final List<ContractObject> objects;
    private final String text;
    private final String sha256;

    Contract(String apiVersion, String id, String version, String status, String name, List<ContractObject> objects,
             String text) {
        this.apiVersion = apiVersion;
        this.id = id;
        this.version = version;
        this.status = status;
        this.name = name;
        this.objects = List.copyOf(objects);
        this.text = text;
        this.sha256 = Hashing.sha256(text);
    }

    /**
     * Reads a contract file (YAML or JSON).
     *
     * @throws NotFoundException     if there is no such file
     * @throws InvalidInputException if it is not a valid ODCS v3.0.x or v3.1.0 contract: the message names the path of
     *                               each offending key ({@code $.schema[0].properties[1].quality[0].mustBeBetween})
     */
    public static Contract read(Path file) {
        String label = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException(label + ": " + Files.size(file) + " bytes; a contract is at most "
                        + MAX_BYTES + " bytes");
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return ContractReader.parse(text, label);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("no such contract: " + Names.printable(file.toString()));
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(label + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + label, e);
        }
    }

    /** Reads a contract from its text; {@code label} names it in messages. */
    public static Contract parse(String text, String label) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_BYTES) {
            throw new InvalidInputException(label + ": a contract is at most " + MAX_BYTES + " bytes");
        }
        return ContractReader.parse(text, label);
    }

    /** Its {@code apiVersion}: {@code v3.1.0}, {@code v3.0.2}, ... */
    public String apiVersion() {
        return apiVersion;
    }

    public String id() {
        return id;
    }

    /** The contract's own version ({@code 1.0.0}), not the standard's. */
    public String version() {
        return version;
    }

    /** {@code proposed}, {@code draft}, {@code active}, {@code deprecated}, {@code retired}. */
    public String status() {
        return status;
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The names of its schema objects (tables), in order. */
    public List<String> objects() {
        return objects.stream().map(ContractObject::name).toList();
    }

    /** The contract as it was written. */
    public String text() {
        return text;
    }

    /** The SHA-256 of its text, recorded with every check it made. */
    public String sha256() {
        return sha256;
    }

    /**
     * The object a dataset is checked against: {@code objectName} when given, else the only object, else the one
     * whose name or physical name is the dataset's name ({@code rides} for {@code .../rides_processed.parquet}, with
     * or without the pipeline's suffix).
     */
    ContractObject objectFor(String objectName, String datasetName) {
        if (objects.isEmpty()) {
            throw new InvalidInputException("contract " + id + " declares no schema object to check");
        }
        if (objectName != null) {
            return objects.stream().filter(o -> o.name().equals(objectName)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("contract " + id + " has no object "
                            + Names.printable(objectName) + "; it has " + String.join(", ", objects())));
        }
        if (objects.size() == 1) {
            return objects.get(0);
        }
        String stem = datasetName.replaceAll("\\.[A-Za-z0-9]+$", "");
        for (String candidate : List.of(stem, stem.replaceAll("_(processed|prepared)$", ""))) {
            Optional<ContractObject> match = objects.stream().filter(o -> o.answersTo(candidate)).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
        }
        throw new InvalidInputException("contract " + id + " has " + objects.size() + " objects ("
                + String.join(", ", objects()) + ") and none is named after " + Names.printable(datasetName)
                + "; name the object to check");
    }

    @Override
    public String toString() {
        int checks = objects.stream().mapToInt(o -> o.checks().size()).sum();
        return "contract " + id + " " + version + " (ODCS " + apiVersion + ", " + status + ", " + objects.size()
                + (objects.size() == 1 ? " object, " : " objects, ") + checks + " checks)";
    }
}
