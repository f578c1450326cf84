package dev.hinksbot.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int APPENDS = 200;

    @TempDir
    Path dir;

    @Test
    void concurrentWritersAndReadersNeverHitDatabaseIsLocked() throws Exception {
        try (Database db = Database.open(dir.resolve("gateway.db"))) {
            SessionRepository sessions = new SessionRepository(db);
            MessageRepository messages = new MessageRepository(db);
            SearchRepository search = new SearchRepository(db);
            for (int t = 0; t < THREADS; t++) {
                sessions.create("s" + t, "Thread " + t, null, null);
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<?>> writers = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS; t++) {
                    String sessionId = "s" + t;
                    writers.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < APPENDS; i++) {
                            try {
                                String unique = sessionId + "x" + i;
                                messages.append(StoredMessage.user(sessionId, "r", sessionId + " message " + i + " " + unique));
                                // Read-your-writes through the read pool: the committed message is searchable at once.
                                if (search.search(unique, 5).size() != 1) {
                                    errors.add(new AssertionError("search missed " + unique));
                                }
                            } catch (Throwable e) {
                                errors.add(e);
                            }
                        }
                        return null;
                    }));
                }
                // Readers hammer the pool while the writers run.
                List<Future<?>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(pool.submit(() -> {
                        start.await();
                        while (writing.get()) {
                            try {
                                sessions.list(1, 20);
                                search.search("message", 5);
                            } catch (Throwable e) {
                                errors.add(e);
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : writers) {
                    f.get(2, TimeUnit.MINUTES);
                }
                writing.set(false);
                for (Future<?> f : readers) {
                    f.get(1, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(errors).isEmpty();
            for (int t = 0; t < THREADS; t++) {
                List<String> contents = messages.all("s" + t).stream().map(StoredMessage::content).toList();
                assertThat(contents).hasSize(APPENDS);
                for (int i = 0; i < APPENDS; i++) {
                    assertThat(contents.get(i)).isEqualTo("s" + t + " message " + i + " s" + t + "x" + i); // per-thread order kept
                }
            }
            assertThat(new StatsRepository(db).stats(1).messages()).isEqualTo((long) THREADS * APPENDS);
            // A pooled reader once reported false FTS5 corruption here; integrityOk must not.
            assertThat(db.integrityOk()).isTrue();
        }
    }
}
