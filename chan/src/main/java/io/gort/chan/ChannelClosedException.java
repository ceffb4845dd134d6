package io.gort.chan;

/**
 * Go's run-time panic for a closed channel: {@code "send on closed channel"} (a send, or a select's
 * send case, on a closed channel, including a sender that was parked when the channel closed) and
 * {@code "close of closed channel"}. The channel stays usable: receivers go on draining it.
 */
public final class ChannelClosedException extends IllegalStateException {
    public ChannelClosedException(String message) {
        super(message);
    }
}
