package dev.planprovenance.service.delta;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A Delta protocol action as written in the log, plus the features it implies.
 *
 * <p>Before table features (reader 3 / writer 7) a protocol version stands for a fixed set of features; those
 * are spelled out here so that the gate and the identity see the same feature names whatever the protocol
 * generation. The implication table is Delta's PROTOCOL.md "legacy protocol versions", not Kernel's (Kernel's
 * internal equivalent throws on an unknown feature name, which is exactly the case we must still describe).
 */
public record DeltaProtocol(int minReaderVersion, int minWriterVersion,
                            SortedSet<String> readerFeatures, SortedSet<String> writerFeatures) {

    /** Reader version from which the reader features are listed explicitly. */
    public static final int TABLE_FEATURES_READER_VERSION = 3;
    /** Writer version from which the writer features are listed explicitly. */
    public static final int TABLE_FEATURES_WRITER_VERSION = 7;

    public DeltaProtocol {
        readerFeatures = sorted(readerFeatures);
        writerFeatures = sorted(writerFeatures);
    }

    public static DeltaProtocol of(int reader, int writer, Collection<String> readerFeatures,
                                   Collection<String> writerFeatures) {
        return new DeltaProtocol(reader, writer, sorted(readerFeatures), sorted(writerFeatures));
    }

    /** Features a reader must understand: explicit from reader 3 on, implied by the version below it. */
    public SortedSet<String> effectiveReaderFeatures() {
        if (minReaderVersion >= TABLE_FEATURES_READER_VERSION) {
            return readerFeatures;
        }
        return minReaderVersion >= 2 ? sorted(List.of("columnMapping")) : sorted(List.of());
    }

    /** Features a writer must honour: explicit from writer 7 on, implied by the version below it. */
    public SortedSet<String> effectiveWriterFeatures() {
        if (minWriterVersion >= TABLE_FEATURES_WRITER_VERSION) {
            return writerFeatures;
        }
        TreeSet<String> implied = new TreeSet<>();
        if (minWriterVersion >= 2) {
            implied.addAll(List.of("appendOnly", "invariants"));
        }
        if (minWriterVersion >= 3) {
            implied.add("checkConstraints");
        }
        if (minWriterVersion >= 4) {
            implied.addAll(List.of("changeDataFeed", "generatedColumns"));
        }
        if (minWriterVersion >= 5) {
            implied.add("columnMapping");
        }
        if (minWriterVersion >= 6) {
            implied.add("identityColumns");
        }
        return Collections.unmodifiableSortedSet(implied);
    }

    /** Every feature the table uses, reader and writer side together. */
    public SortedSet<String> effectiveFeatures() {
        TreeSet<String> all = new TreeSet<>(effectiveReaderFeatures());
        all.addAll(effectiveWriterFeatures());
        return Collections.unmodifiableSortedSet(all);
    }

    private static SortedSet<String> sorted(Collection<String> names) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(names == null ? Set.of() : names));
    }
}
