using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Assessment.Server.Tests.Mail;

// A real SMTP server on a loopback port, keeping every message it accepted. The port is chosen
// when the sink is made; Start and Stop bring the server up and down on it.
internal sealed class SmtpSink : IDisposable
{
    private readonly Store store = new();
    private CancellationTokenSource? running;
    private Task? serving;

    public SmtpSink()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Received => [.. store.Messages];

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        running = new CancellationTokenSource();
        serving = new SmtpServer.SmtpServer(options, services).StartAsync(running.Token);
    }

    public void Stop()
    {
        running?.Cancel();
        try { serving?.Wait(TimeSpan.FromSeconds(10)); }
        catch (AggregateException) { }
        running?.Dispose();
        running = null;
    }

    // Waits until at least count messages arrived (a hang guard, not a timing assertion).
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (store.Messages.Count < count)
        {
            await Task.Delay(50, limit.Token);
        }
        return Received;
    }

    public void Dispose() => Stop();

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
