// The phone layout (viewers following from their seats): decided once, at load, from the window's
// width. On a phone Reveal does not scale the 1920×1080 stage; each slide is a screen-wide page that
// scrolls down (slides/styles/phone.css), and charts draw their text at a phone's size.
const PHONE_QUERY = '(max-width: 600px)';

/** True on a narrow screen, never when printing (?print-pdf lays out the 1920×1080 stage) and never
 * in the speaker view's slide previews (?receiver: small frames that show the stage scaled down). */
export const isPhone = (): boolean =>
  typeof window !== 'undefined' && !/print-pdf|receiver/i.test(window.location.search) && window.matchMedia(PHONE_QUERY).matches;
