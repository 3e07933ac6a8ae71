using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Assessment.Core.Data;

// A query compiled by EF.CompileAsyncQuery runs only on contexts of the model it first ran on (a
// context of the other provider, or of another model in the same process, makes it throw), so
// each model gets its own.
internal sealed class PerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> compiled = [];

    public TQuery For(DbContext db) => compiled.GetValue(db.Model, _ => compile());
}
