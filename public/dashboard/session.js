// The API key lives in sessionStorage: this tab only, gone when it closes, never in a cookie
// (so no other site can make the browser send it).
const KEY = "bulk-ops.api-key";

export const storedKey = () => sessionStorage.getItem(KEY);
export const storeKey = (key) => sessionStorage.setItem(KEY, key);
export const forgetKey = () => sessionStorage.removeItem(KEY);
