import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * Boost tracker's embedded database server: mongo-java-server with its H2 MVStore backend.
 * Started and stopped by src/core/db/embedded/server.ts, which compiles this file once into the project
 * cache (never committed as a binary).
 *
 * Usage: BoostDbServer HOST PORT FILE|- CACHE_MB
 *   PORT 0 picks a free port; FILE "-" keeps the data in memory (throw-away test servers).
 *
 * Protocol with the parent process (stdout, one line each):
 *   "listening PORT"  once the server accepts connections;
 *   "error KIND: message" before a non-zero exit (KIND: usage, locked, store, bind).
 * The server exits when its stdin closes or its parent process dies, so it never outlives the app,
 * and closes the store cleanly on SIGTERM (shutdown hook).
 */
public final class BoostDbServer {

    static final int EXIT_USAGE = 2;
    static final int EXIT_LOCKED = 3;
    static final int EXIT_STORE = 4;
    static final int EXIT_BIND = 5;

    /** The Node driver 7 requires wire version 9 or more; mongo-java-server 1.47 reports 8 by default. */
    static final MongoVersion REPORTED_VERSION = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(5, 0, 0);
        }

        @Override
        public int getWireVersion() {
            return 13;
        }
    };

    /**
     * Commits the MVStore after every command that changed it, before the reply leaves, so that an
     * acknowledged write survives a killed process (the default background commit runs only every second).
     * handleCommand is the one entry point of OP_MSG (through handleMessage) and of OP_QUERY commands.
     */
    static final class DurableH2Backend extends H2Backend {
        private final MVStore store;
        private final boolean onDisk;

        DurableH2Backend(MVStore store) {
            super(store);
            this.store = store;
            this.onDisk = store.getFileStore() != null;
        }

        /** Called by H2Backend's constructor too: uses nothing of this class's own fields. */
        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            return new QuickOpenH2Database(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            try {
                return super.handleCommand(channel, database, command, query);
            } finally {
                // Also after a failed command: a batch insert may have written documents before its error.
                if (onDisk && !store.isClosed() && store.hasUnsavedChanges()) store.commit();
            }
        }
    }

    /**
     * Two changes to the H2 database of mongo-java-server 1.47.0:
     * - Non-unique indexes are not implemented: it keeps a placeholder that is always empty, and "fills" it
     *   by reading every document of the collection twice, each time the database is opened (27 s at the
     *   design load, before the server listens). The placeholder here says it is not empty, so nothing is
     *   read for it; queries never use it either way.
     * - `create` checks and creates without the lock that implicit creation (a first insert) holds, so
     *   both at once fail with "Document with key … already existed" (Mongoose creates its collections
     *   while the first writes may arrive). Here both take the same lock.
     */
    static final class QuickOpenH2Database extends H2Database {
        QuickOpenH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
            super(databaseName, store, cursorRegistry);
        }

        @Override
        public synchronized MongoCollection<Object> createCollectionOrThrowIfExists(String collectionName, CollectionOptions options) {
            return super.createCollectionOrThrowIfExists(collectionName, options);
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new EmptyIndex<>(indexName, keys) {
                @Override
                public boolean isEmpty() {
                    return false;
                }
            };
        }
    }

    private BoostDbServer() {
    }

    public static void main(String[] args) {
        quietLogging();
        // First of all: a parent that goes away during a long start must not leave this process behind.
        exitWhenParentGoes();
        if (args.length != 4) fail(EXIT_USAGE, "usage", "BoostDbServer HOST PORT FILE|- CACHE_MB");
        String host = args[0];
        int port = parseInt(args[1], "PORT");
        String file = "-".equals(args[2]) ? null : args[2];
        int cacheMb = parseInt(args[3], "CACHE_MB");

        MVStore store = openStore(file, cacheMb);
        // Until the server runs, an exit (stdin closed, SIGTERM) closes the store alone.
        Thread closeStore = new Thread(store::close, "boost-db-close-store");
        Runtime.getRuntime().addShutdownHook(closeStore);
        MongoServer server = new MongoServer(new DurableH2Backend(store).version(REPORTED_VERSION));
        try {
            server.bind(host, port);
        } catch (Exception e) {
            // Netty throws the checked BindException without declaring it (a port in use): caught here, or
            // main would end and the server's non-daemon threads would keep a process that never listens.
            fail(EXIT_BIND, "bind", "cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        // From now on: close the clients, then the backend and its store (on SIGTERM/SIGINT and System.exit).
        try {
            Runtime.getRuntime().removeShutdownHook(closeStore);
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "boost-db-shutdown"));
        } catch (IllegalStateException e) {
            return; // Already exiting: closeStore runs.
        }
        InetSocketAddress address = server.getLocalAddress();
        System.out.println("listening " + address.getPort());
        System.out.flush();
        if (file != null) warmUp(store);
    }

    /**
     * Reads the documents of every collection once, in the background, after a start: a page cache filled
     * this way spares the first visitors the decoding of whole collections (3 to 10 s each at the design
     * load). Stops when the cache is nine tenths full, where reading more would only evict.
     */
    private static void warmUp(MVStore store) {
        Thread warm = new Thread(() -> {
            long limitMb = store.getCacheSize() * 9L / 10;
            try {
                for (String name : store.getMapNames()) {
                    if (!name.startsWith("databases.")) continue;
                    long seen = 0;
                    for (Object ignored : store.openMap(name).values()) {
                        if (++seen % 1000 == 0 && store.getCacheSizeUsed() >= limitMb) return;
                    }
                }
            } catch (RuntimeException e) {
                // The store closed meanwhile (the server is stopping): nothing to warm any more.
            }
        }, "boost-db-warm-up");
        warm.setDaemon(true);
        warm.setPriority(Thread.MIN_PRIORITY);
        warm.start();
    }

    /**
     * slf4j-simple reads these before the first logger exists. The wire handler logs every error reply
     * (e.g. "collection already exists" for each model Mongoose creates) at ERROR with the whole command,
     * user data included, and a stack trace; the client gets the same error in the reply, so it is off.
     * In 1.47.0 it logs under the name of MongoWireProtocolHandler (which logs nothing else above debug);
     * later versions use its own name.
     */
    private static void quietLogging() {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("org.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoWireProtocolHandler", "off");
        setDefault("org.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoDatabaseHandler", "off");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }

    /**
     * LZF-compressed pages: documents are stored Java-serialized, which repeats class descriptions in every
     * one; compressed, the design load takes 40 MB on disk instead of 220 MB. The cache holds pages
     * uncompressed, so warm queries do not pay for it.
     */
    private static MVStore openStore(String file, int cacheMb) {
        MVStore.Builder builder = new MVStore.Builder().cacheSize(cacheMb).compress();
        if (file != null) builder.fileName(file);
        try {
            return builder.open();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                fail(EXIT_LOCKED, "locked", file + " is locked by another running server (another `npm start`?)");
            }
            fail(EXIT_STORE, "store", "cannot open " + file + ": " + e.getMessage());
            return null;
        }
    }

    /** stdin closes when the parent exits, however it exits; the parent watch covers a parent that keeps it open. */
    private static void exitWhenParentGoes() {
        Thread stdinWatch = new Thread(() -> {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) != -1) {
                    // Nothing is expected on stdin; reading only detects its end.
                }
            } catch (IOException e) {
                // A broken pipe means the same as EOF.
            }
            System.exit(0);
        }, "boost-db-stdin-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    }

    private static int parseInt(String text, String name) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            fail(EXIT_USAGE, "usage", name + " is not a number: " + text);
            return 0;
        }
    }

    private static void fail(int code, String kind, String message) {
        System.out.println("error " + kind + ": " + message);
        System.out.flush();
        System.exit(code);
    }
}
