// The SDK declares `present` (and the KRN_ERR_INVARIANT factory it throws) so plugins can use it
// too; kernel code keeps importing it from here.
export { present } from '@docpal/plugin-sdk'
