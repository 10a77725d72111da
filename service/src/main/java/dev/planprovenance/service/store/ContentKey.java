package dev.planprovenance.service.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The address of a stored payload: SHA-256 over everything the row holds. Parts are length-prefixed so that no two
 * different sequences of parts can digest alike.
 */
public record ContentKey(byte[] bytes) {
    public ContentKey {
        if (bytes.length != 32) throw new IllegalArgumentException("a content key is 32 bytes, got " + bytes.length);
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContentKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }

    public static Digest digest(String kind) {
        return new Digest().add(kind);
    }

    public static final class Digest {
        private final MessageDigest sha;

        private Digest() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public Digest add(String text) {
            return add(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        }

        /** A null part digests differently from an empty one. */
        public Digest add(byte[] part) {
            sha.update(ByteBuffer.allocate(8).putLong(part == null ? -1 : part.length).array());
            if (part != null) sha.update(part);
            return this;
        }

        public Digest add(Map<String, String> entries) {
            new TreeMap<>(entries).forEach((k, v) -> add(k).add(v));
            return this;
        }

        public ContentKey build() {
            return new ContentKey(sha.digest());
        }
    }
}
