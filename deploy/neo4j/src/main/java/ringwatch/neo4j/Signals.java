package ringwatch.neo4j;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT request a clean stop. Handling them (instead of relying on shutdown hooks alone) lets the
 * launcher exit 0 after a requested stop, where the JVM's default would be 143 or 130.
 */
final class Signals {
    private Signals() {}

    static void onTermination(Runnable request) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    Launcher.log("SIG" + name + " received");
                    request.run();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                Launcher.log("cannot handle SIG" + name + " (" + e.getMessage() + "); the shutdown hook still stops Neo4j");
            }
        }
    }
}
