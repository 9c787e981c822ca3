namespace Hotline.Storage;
internal static class Placeholder { }
