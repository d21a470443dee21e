package io.redback.rdw.tck;

import io.redback.rdw.Health;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.PutRequest;
import io.redback.rdw.spi.StoredObject;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A store handed to a client that the contract goes on using after the client is closed: close does nothing. */
final class UnclosedStore implements ObjectStore {
    private final ObjectStore store;

    UnclosedStore(ObjectStore store) {
        this.store = store;
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void createBucket(String bucket) {
        store.createBucket(bucket);
    }

    @Override
    public boolean bucketExists(String bucket) {
        return store.bucketExists(bucket);
    }

    @Override
    public StoredObject put(String bucket, String key, InputStream content, PutRequest request) {
        return store.put(bucket, key, content, request);
    }

    @Override
    public StoredObject stat(String bucket, String key) {
        return store.stat(bucket, key);
    }

    @Override
    public boolean exists(String bucket, String key) {
        return store.exists(bucket, key);
    }

    @Override
    public InputStream open(String bucket, String key) {
        return store.open(bucket, key);
    }

    @Override
    public Optional<Path> localPath(String bucket, String key) {
        return store.localPath(bucket, key);
    }

    @Override
    public List<StoredObject> list(String bucket, String prefix) {
        return store.list(bucket, prefix);
    }

    @Override
    public Optional<URI> presign(String bucket, String key, Duration expiry) {
        return store.presign(bucket, key, expiry);
    }

    @Override
    public boolean delete(String bucket, String key) {
        return store.delete(bucket, key);
    }

    @Override
    public Health health() {
        return store.health();
    }

    @Override
    public void close() {
        // the contract closes the store itself
    }
}
