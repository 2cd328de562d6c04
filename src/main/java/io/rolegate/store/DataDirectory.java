package io.rolegate.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The gateway's data directory ({@code rolegate.data-dir}): the H2 files, the master key, generated credentials. */
@ApplicationScoped
public class DataDirectory {
    private final Path path;

    @Inject
    public DataDirectory(@ConfigProperty(name = "rolegate.data-dir", defaultValue = "./data") String dir) {
        this.path = Path.of(dir).toAbsolutePath().normalize();
        try {
            Files.createDirectories(path);
            setMode(path, OWNER_ONLY_DIRECTORY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String OWNER_ONLY_DIRECTORY = "rwx------";
    private static final String OWNER_ONLY_FILE = "rw-------";

    /**
     * Makes every file directly in the data directory (the H2 database and lock files, which H2 creates with the
     * process umask) readable and writable by the owner only.
     */
    public void restrictFiles() {
        try (var files = Files.list(path)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                setMode(f, OWNER_ONLY_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Only tightens what we own; a no-op where the file system has no POSIX modes. */
    private static void setMode(Path p, String mode) throws IOException {
        try {
            if (Files.isWritable(p)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    public Path path() {
        return path;
    }

    /**
     * Writes a new file readable and writable by the owner only (mode 0600); refuses to overwrite. The file appears
     * whole or not at all, and is on disk when this returns: the master key must outlive any crash, since every
     * secret sealed under it is unreadable without it.
     */
    public void writeOwnerOnly(Path file, String content) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial); // left by a crash during an earlier attempt
        try {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY_FILE)));
        } catch (UnsupportedOperationException e) {
            Files.createFile(partial); // not a POSIX file system
        }
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(file.getParent());
    }

    /** Makes a new directory entry durable (Linux); a no-op where directories cannot be opened. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // not supported here (e.g. Windows): the rename is as durable as the file system makes it
        }
    }
}
