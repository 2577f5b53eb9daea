namespace NetPrimitives.Udp;

/// <summary>
/// Handles one datagram received by a <see cref="DatagramServer"/>: read <see cref="DatagramContext.Datagram"/>,
/// optionally reply with <see cref="DatagramContext.ReplyAsync"/>. The context and its buffers are valid until
/// the returned task completes, and are reused for a later datagram afterwards.
/// </summary>
/// <remarks>
/// Complete synchronously when you can: the receive loop then goes straight on with the same buffers and
/// nothing is allocated. A handler that goes asynchronous keeps its context and the loop takes another one
/// (at most <see cref="DatagramServerOptions.MaxConcurrentHandlers"/> in progress). An exception is logged and
/// counted; it never stops the server.
/// </remarks>
/// <param name="context">The datagram, who sent it, and the way to reply.</param>
/// <param name="cancellationToken">Fires when the server stops and stops waiting for handlers.</param>
/// <returns>A task that completes when the handler is done with <paramref name="context"/>.</returns>
public delegate ValueTask DatagramHandler(DatagramContext context, CancellationToken cancellationToken);
