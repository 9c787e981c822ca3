namespace Hotline.Protocol;
internal static class Placeholder { }
