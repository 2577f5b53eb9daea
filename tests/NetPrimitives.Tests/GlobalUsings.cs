global using System.Buffers;
global using System.IO.Pipelines;
global using System.Text;
global using Xunit;
