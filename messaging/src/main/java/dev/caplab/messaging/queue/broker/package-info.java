/**
 * The queues of {@code dev.caplab.messaging.queue} as nodes: a broker that is durable across
 * crashes (a command log replayed on restart), and producer and consumer nodes, speaking the
 * sealed {@link dev.caplab.messaging.queue.broker.QueueProtocol}.
 */
package dev.caplab.messaging.queue.broker;
