using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Assessment.Core.Data;

// Times are stored as UTC ticks: exact (the audit hash covers them) and orderable in SQL.
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
