// Empty on purpose: tixy-connect needs no Next.js configuration.
export default {};
