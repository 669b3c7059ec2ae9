public enum MediasoupLocalPlaceholder {}
