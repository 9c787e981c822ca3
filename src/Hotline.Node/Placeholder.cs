namespace Hotline.Node;
internal static class Placeholder { }
