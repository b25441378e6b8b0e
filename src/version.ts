// The package version (a test checks it against package.json).
export const PACKAGE_VERSION = '0.1.0'
