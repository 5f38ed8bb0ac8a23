package ringwatch.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The launcher's command line, parsed and checked; bad input throws {@link UsageException} with one clear line. */
final class LauncherArgs {
    static final String USAGE = "usage: neo4j-launcher --data DIR [--bolt-host 127.0.0.1] [--bolt-port 7687]"
            + " (--password PW | --password-file FILE|- | --no-auth) [--pagecache 128m]";

    /** Neo4j's default dbms.security.auth_minimum_password_length. */
    static final int MIN_PASSWORD_LENGTH = 8;

    /** A command-line mistake; the message is the one line printed before exiting with status 2. */
    static class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** --help: print {@link #USAGE} and exit 0. */
    static final class HelpRequested extends UsageException {
        HelpRequested() {
            super(USAGE);
        }
    }

    final Path dataDir;
    final String boltHost;
    /** 0 means "any free port": Neo4j binds an ephemeral port and the readiness line names it. */
    final int boltPort;
    /** null when auth is off (--no-auth). */
    final String password;
    final long pageCacheBytes;

    private LauncherArgs(Path dataDir, String boltHost, int boltPort, String password, long pageCacheBytes) {
        this.dataDir = dataDir;
        this.boltHost = boltHost;
        this.boltPort = boltPort;
        this.password = password;
        this.pageCacheBytes = pageCacheBytes;
    }

    static LauncherArgs parse(String[] argv) throws UsageException {
        String data = null;
        String host = "127.0.0.1";
        String port = "7687";
        String password = null;
        String passwordFile = null;
        String pageCache = "128m";
        boolean noAuth = false;
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                inline = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--no-auth" -> {
                    if (inline != null) throw new UsageException("--no-auth takes no value");
                    noAuth = true;
                }
                case "--help", "-h" -> throw new HelpRequested();
                case "--data", "--bolt-host", "--bolt-port", "--password", "--password-file", "--pagecache" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= argv.length) throw new UsageException(arg + " needs a value");
                        value = argv[++i];
                    }
                    switch (arg) {
                        case "--data" -> data = value;
                        case "--bolt-host" -> host = value;
                        case "--bolt-port" -> port = value;
                        case "--password" -> password = value;
                        case "--password-file" -> passwordFile = value;
                        default -> pageCache = value;
                    }
                }
                default -> throw new UsageException("unknown argument " + argv[i] + " (" + USAGE + ")");
            }
        }
        if (data == null || data.isEmpty()) throw new UsageException("--data DIR is required");
        if (host.isEmpty()) throw new UsageException("--bolt-host must not be empty");
        int portNumber = parsePort(port);
        int authChoices = (noAuth ? 1 : 0) + (password != null ? 1 : 0) + (passwordFile != null ? 1 : 0);
        if (authChoices != 1) {
            throw new UsageException("give exactly one of --password PW, --password-file FILE, --no-auth");
        }
        if (passwordFile != null) password = readPasswordFile(passwordFile);
        if (password != null && password.length() < MIN_PASSWORD_LENGTH) {
            throw new UsageException("the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        return new LauncherArgs(Path.of(data).toAbsolutePath(), host, portNumber, password, parseBytes(pageCache));
    }

    private static int parsePort(String text) throws UsageException {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) return port;
        } catch (NumberFormatException ignored) {
            // fall through to the one error line
        }
        throw new UsageException("--bolt-port must be an integer 0-65535, got " + text);
    }

    /** The first line of FILE, or of stdin for "-" (keeps the password off the command line). */
    private static String readPasswordFile(String file) throws UsageException {
        try {
            String text = file.equals("-")
                    ? new String(System.in.readNBytes(4096), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            return (newline >= 0 ? text.substring(0, newline) : text).replace("\r", "");
        } catch (NoSuchFileException e) {
            throw new UsageException("--password-file " + file + " does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read --password-file " + file + ": " + e.getMessage());
        }
    }

    /** "128m", "1g", "65536k" or plain bytes. */
    private static long parseBytes(String text) throws UsageException {
        String t = text.trim().toLowerCase();
        long unit = 1;
        if (t.endsWith("k")) unit = 1L << 10;
        else if (t.endsWith("m")) unit = 1L << 20;
        else if (t.endsWith("g")) unit = 1L << 30;
        if (unit != 1) t = t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(t);
            if (n > 0) return n * unit;
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new UsageException("--pagecache must be a size such as 128m, got " + text);
    }
}
