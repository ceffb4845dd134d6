package io.gort.chan;

/**
 * A channel's queue of waiting senders or receivers (Go's {@code waitq}): an intrusive, doubly
 * linked FIFO of {@link Waiter}s. Every method is called under the channel's lock.
 */
final class WaitQueue {
    private Waiter head, tail;

    boolean isEmpty() {
        return head == null;
    }

    void enqueue(Waiter w) {
        w.queued = true;
        w.next = null;
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
    }

    /** Removes and returns the first waiter, or null. */
    Waiter dequeue() {
        Waiter w = head;
        if (w != null) {
            unlink(w);
        }
        return w;
    }

    /** Removes {@code w} if it is still queued (a select's other cases, a cancelled waiter). */
    void remove(Waiter w) {
        if (w.queued) {
            unlink(w);
        }
    }

    private void unlink(Waiter w) {
        Waiter p = w.prev, n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = w.next = null;
        w.queued = false;
    }

    /** True if some queued waiter has not been claimed or cancelled (checkInvariants). */
    boolean hasWaiting() {
        for (Waiter w = head; w != null; w = w.next) {
            if (w.isWaiting()) {
                return true;
            }
        }
        return false;
    }

    int size() {
        int n = 0;
        for (Waiter w = head; w != null; w = w.next) {
            n++;
        }
        return n;
    }
}
