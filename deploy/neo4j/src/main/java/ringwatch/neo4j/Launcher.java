package ringwatch.neo4j;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.kernel.internal.Version;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs Neo4j 5 Community embedded with a Bolt connector, for development and tests. Prints exactly one line to
 * stdout, {@code neo4j ready bolt://HOST:PORT}, once Bolt accepts connections; everything else goes to stderr.
 * SIGTERM or SIGINT shuts the DBMS down cleanly and exits 0. Exit 2: bad arguments; exit 1: could not start.
 */
public final class Launcher {
    private static final long READY_TIMEOUT_MS = 60_000;

    private Launcher() {}

    public static void main(String[] argv) {
        PrintStream stdout = System.out;
        System.setOut(System.err); // libraries that print must not disturb the one readiness line
        LauncherArgs args;
        try {
            args = LauncherArgs.parse(argv);
        } catch (LauncherArgs.HelpRequested e) {
            System.err.println(LauncherArgs.USAGE);
            System.exit(0);
            return;
        } catch (LauncherArgs.UsageException e) {
            fail(2, e.getMessage());
            return;
        }
        checkPortFree(args.boltHost, args.boltPort);
        // Before build(): a stop requested during the (slow) start is honoured once the DBMS is up.
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signals.onTermination(stopRequested::countDown);

        long startNs = System.nanoTime();
        DatabaseManagementService dbms;
        try {
            dbms = build(args);
        } catch (Throwable e) {
            fail(1, "cannot start Neo4j in " + args.dataDir + ": " + rootMessage(e));
            return;
        }
        AtomicBoolean stopped = new AtomicBoolean(false);
        Runnable shutdown = () -> {
            if (stopped.compareAndSet(false, true)) {
                log("shutting down");
                dbms.shutdown();
                log("stopped");
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "neo4j-launcher-shutdown"));
        if (stopRequested.getCount() == 0) {
            shutdown.run();
            System.exit(0);
        }

        try {
            long builtNs = System.nanoTime();
            GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            if (args.password != null) setPassword(system, args.password);
            InetSocketAddress bolt = boltAddress(system, args);
            awaitAccepting(bolt);
            String host = bolt.getHostString().contains(":") ? "[" + bolt.getHostString() + "]" : bolt.getHostString();
            long nowNs = System.nanoTime();
            log(String.format("Neo4j %s Community started in %d ms (JVM up %d ms before; DBMS %d ms, then %d ms);"
                    + " data in %s; auth %s", Version.getNeo4jVersion(), (nowNs - startNs) / 1_000_000,
                    ManagementFactory.getRuntimeMXBean().getUptime() - (nowNs - startNs) / 1_000_000,
                    (builtNs - startNs) / 1_000_000, (nowNs - builtNs) / 1_000_000, args.dataDir,
                    args.password == null ? "off" : "on"));
            stdout.println("neo4j ready bolt://" + host + ":" + bolt.getPort());
            stdout.flush();
        } catch (Throwable e) {
            shutdown.run();
            fail(1, "Neo4j started but is not usable: " + rootMessage(e));
            return;
        }

        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutdown.run();
        System.exit(0);
    }

    private static DatabaseManagementService build(LauncherArgs args) {
        return new DatabaseManagementServiceBuilder(args.dataDir)
                .setUserLogProvider(new Log4jLogProvider(System.err, Level.INFO))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(args.boltHost, args.boltPort))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, args.password != null)
                .setConfig(GraphDatabaseSettings.pagecache_memory, args.pageCacheBytes)
                // A dev store: no 250 MB pre-allocated transaction log files, keep little history.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Internal settings: Bolt otherwise waits 2 x 5 s for idle pools on shutdown, even with no clients.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .build();
    }

    /** Sets user neo4j's password (system database, no change required); a password already set is kept. */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            log("password of user neo4j set");
        } catch (QueryExecutionException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.contains("cannot be the same")) throw e;
            log("password of user neo4j unchanged");
        }
    }

    /** Where Bolt really listens (the ephemeral port when --bolt-port 0). */
    private static InetSocketAddress boltAddress(GraphDatabaseService system, LauncherArgs args) {
        ConnectorPortRegister ports = ((GraphDatabaseAPI) system).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class);
        HostnamePort local = ports.getLocalAddress(ConnectorType.BOLT);
        int port = local != null ? local.getPort() : args.boltPort;
        if (port == 0) throw new IllegalStateException("Neo4j did not report the Bolt port");
        return new InetSocketAddress(args.boltHost, port);
    }

    private static void awaitAccepting(InetSocketAddress bolt) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT_MS * 1_000_000;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(bolt, 1_000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(100);
            }
        }
    }

    /** One clear line when the port is already in use, instead of Neo4j's stack trace. */
    /** One clear line (and no Neo4j stack trace) when the address does not resolve or the port is taken. */
    private static void checkPortFree(String host, int port) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) fail(2, "--bolt-host " + host + " does not resolve");
        if (port == 0) return;
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(address);
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            fail(1, why.contains("in use") ? "bolt port " + host + ":" + port + " is already in use"
                    : "cannot listen on bolt " + host + ":" + port + ": " + why);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder chain = new StringBuilder(String.valueOf(e.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null && !chain.toString().contains(t.getMessage())) chain.append(": ").append(t.getMessage());
        }
        return chain.toString().replace('\n', ' ');
    }

    static void log(String line) {
        System.err.println("neo4j-launcher: " + line);
    }

    private static void fail(int status, String line) {
        System.err.println("neo4j: error: " + line);
        System.err.flush();
        System.exit(status);
    }
}
