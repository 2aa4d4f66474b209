package io.moeplatform.platform.dataset;

import io.moeplatform.platform.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one upload, copied to a private temporary directory while their SHA-256 and lines
 * are counted, so that a corpus is never held in memory and can be read more than once. Closing
 * the upload deletes the directory.
 */
final class CorpusUpload implements AutoCloseable {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final Path dir;
    private final List<ReceivedFile> files = new ArrayList<>();

    /**
     * One received file.
     *
     * @param part the multipart part it came in ({@code file}, {@code source}, {@code target})
     * @param name the file name, sanitised for use in an object key
     * @param path where it lies on local disk
     * @param sizeBytes its size
     * @param sha256 hex SHA-256 of its content
     * @param lines newline-terminated lines, plus one for a last line without newline
     */
    record ReceivedFile(String part, String name, Path path, long sizeBytes, String sha256, long lines) {}

    private CorpusUpload(Path dir) {
        this.dir = dir;
    }

    static CorpusUpload create() {
        try {
            return new CorpusUpload(Files.createTempDirectory("moe-upload-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for an upload", e);
        }
    }

    /** A fresh path in the upload's directory, for derived files such as the normalised corpus. */
    Path scratch(String name) {
        return dir.resolve("_" + name);
    }

    /** Copies {@code in} to the upload's directory under a sanitised form of {@code fileName}. */
    ReceivedFile add(String part, String fileName, InputStream in) throws IOException {
        String name = sanitise(fileName, part);
        if (files.stream().anyMatch(f -> f.name().equals(name))) {
            throw ApiException.invalid(part, "file name " + name + " is used by another part of this upload");
        }
        Path path = dir.resolve(name);
        MessageDigest sha = sha256();
        long size = 0;
        long lines = 0;
        int last = -1;
        byte[] buffer = new byte[64 * 1024];
        try (in;
                OutputStream out = Files.newOutputStream(path)) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                size += n;
                last = buffer[n - 1];
            }
        }
        if (size > 0 && last != '\n') {
            lines++;
        }
        ReceivedFile file =
                new ReceivedFile(part, name, path, size, HexFormat.of().formatHex(sha.digest()), lines);
        files.add(file);
        return file;
    }

    List<ReceivedFile> files() {
        return List.copyOf(files);
    }

    /**
     * The last segment of a client's file name (browsers may send a whole path), with characters
     * other than letters, digits and {@code . _ -} replaced by {@code _}; the part name if none.
     */
    static String sanitise(String fileName, String fallback) {
        String name = fileName == null ? "" : fileName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.length() > 200) {
            name = name.substring(name.length() - 200);
        }
        if (name.isEmpty()
                || name.chars().allMatch(c -> c == '.')
                || !SAFE_NAME.matcher(name).matches()) {
            return fallback;
        }
        return name;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the OS cleans its temporary directory eventually
        }
    }
}
