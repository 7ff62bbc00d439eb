'use strict';
// A PreTokenGeneration (V1) trigger as Cognito documents it: a claim added to the ID token.
exports.preTokenGeneration = async (event) => {
  event.response = {
    claimsOverrideDetails: {
      claimsToAddOrOverride: { tier: 'gold', source: event.triggerSource },
    },
  };
  return event;
};
